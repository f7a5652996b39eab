// Dependency-free on purpose (no node: imports, no packages): every runtime, and the CLI's exit-code table, can load
// it without pulling in the rest of ccf.

/**
 * Options every ccf error takes. A position is data, never part of the message: the reporter decides how to show it.
 * `undefined` means absent (the constructor sets only what is given), so a caller can pass on another error's `hint`.
 */
export interface CcfErrorOptions {
  /** What to do about it: one sentence, shown after the message. */
  hint?: string | undefined;
  /** The error this one explains (a Node, git or library error), for debugging; never shown as the message. */
  cause?: unknown;
  /** The file the error is about, as the user should see it. */
  file?: string | undefined;
  /** 1-based line in `file`. */
  line?: number | undefined;
  /** 1-based column in `file`. */
  column?: number | undefined;
}

/**
 * The base of every error ccf throws on purpose (Hono's `HTTPException`, Changesets' `@changesets/errors`): a
 * permanent `code` to branch on and search for, a message that says what happened and what was expected, an optional
 * `hint`, `cause` and position. Anything that is not a CcfError reaching the CLI is a bug in ccf.
 */
export class CcfError extends Error {
  /** Permanent and searchable (`SOURCE_UNKNOWN_REF`): code branches on it, and it is never reworded. */
  readonly code: string;
  // `declare`: no own property unless given, so an error without a place has no `file: undefined`.
  declare readonly hint?: string;
  declare readonly file?: string;
  declare readonly line?: number;
  declare readonly column?: number;

  constructor(code: string, message: string, options: CcfErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
  }
}

/** Why a source cannot be opened or read. */
export type SourceErrorCode =
  | 'SOURCE_EMPTY'
  | 'SOURCE_BAD_NAME'
  | 'SOURCE_BAD_CONTENT_DIR'
  | 'SOURCE_NOT_A_REPOSITORY'
  | 'SOURCE_UNKNOWN_REF'
  | 'SOURCE_GIT_FAILED'
  | 'SOURCE_UNKNOWN_RELEASE'
  | 'SOURCE_UNREADABLE'
  | 'SOURCE_BAD_RELEASE';

/** A source the user named (a folder, a git ref, `@<version>`) that cannot be opened or read: the CLI exits 2. */
export class SourceError extends CcfError {
  declare readonly code: SourceErrorCode;

  constructor(code: SourceErrorCode, message: string, options?: CcfErrorOptions) {
    super(code, message, options);
  }
}
