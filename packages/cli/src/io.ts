import { relative } from 'node:path';
import { CcfError, type CcfErrorOptions } from '@ccf/core/errors';
import { errnoText } from './failpoint.js';

/** Where a command writes and what it runs in: injected so tests run commands in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (color, progress). */
  isTTY: boolean;
}

/** The real process's streams. */
export function processIo(): Io {
  // A reader that stops early (`ccf diff --help | head`) closes the pipe: that ends the output, not in a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** A permanent error code, UPPER_SNAKE: a message passed where the code goes (the old signature) does not compile. */
export type CliErrorCode = Uppercase<string>;

/** An error in how the command was called (a bad flag, argument or path): printed without a stack, exit code 2. */
export class UsageError extends CcfError {
  constructor(code: CliErrorCode, message: string, options?: CcfErrorOptions) {
    super(code, message, options);
  }
}

/** An expected failure (bad input, refused operation): printed without a stack, exit code 1. */
export class CommandError extends CcfError {
  constructor(code: CliErrorCode, message: string, options?: CcfErrorOptions) {
    super(code, message, options);
  }
}

const FS_HINTS: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space, then run the command again.',
  EDQUOT: 'Your disk quota is used up: free some space, then run the command again.',
  EROFS: 'The file system is read-only: write somewhere else, or remount it read-write.',
  EACCES: 'You may not write there: check the folder’s permissions, or write somewhere else.',
  EPERM: 'You may not write there: check the folder’s permissions, or write somewhere else.',
};

/**
 * A file-system failure (a Node errno error) as a CommandError that names the path, relative to `cwd`, and says
 * what to do; undefined for any other error. `what` says what was left behind, e.g. "nothing was written".
 */
export function fileSystemError(error: unknown, cwd: string, fallbackPath: string, what?: string): CommandError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return undefined;
  const path = relative(cwd, e.path ?? fallbackPath) || '.';
  const text = errnoText(e.code) ?? e.message;
  return new CommandError('WRITE_FAILED', `cannot write ${path}: ${text} (${e.code})${what ? `; ${what}` : ''}`, {
    hint: FS_HINTS[e.code],
    cause: error,
  });
}
