import type { Diagnostic, PositionMap } from '@ccf/core';

/** A content file as the editor reads it. */
export interface EditedFile {
  text: string;
  /** SHA-256 of the bytes on disk: a save names it, and is refused when the file no longer has it. */
  hash: string;
}

/** A file's frontmatter and body, with where each field sits and what is wrong with it. */
export interface CheckedFile {
  /** The text in canonical form (`ccf format`): what a save writes. */
  text: string;
  data: Record<string, unknown> | undefined;
  /** The Markdown after the frontmatter, as in the file. */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  positions: PositionMap;
  /** The content checks of this file (parse, schema and lint), with the file in place of the one on disk. */
  diagnostics: Diagnostic[];
}

/**
 * What the edit pages need from the machine (`ccf serve --edit`): reading, checking and writing content files.
 * Paths are relative to the content folder (`clusters/x/y.md`); an implementation refuses any other.
 */
export interface ContentEditor {
  /** The frontmatter JSON Schemas the forms are made from, by file name (`subcluster.schema.json`, `common.schema.json`). */
  schemas: ReadonlyMap<string, string>;
  read(file: string): Promise<EditedFile | undefined>;
  /** Puts `text` in canonical form, then parses and lints the content as it would be with `file` holding it; writes nothing. */
  check(file: string, text: string): Promise<CheckedFile>;
  /**
   * Writes `text` in one step when the file still has the hash `expected` (`null`: the file must not exist yet),
   * then reloads the store. `changed` when it does not.
   */
  write(file: string, text: string, expected: string | null): Promise<'written' | 'changed'>;
  /** The version the change report compares with (a git commit), or undefined outside git. */
  base(): Promise<{ spec: string; label: string } | undefined>;
}
