import { CcfError, SourceError } from '@ccf/core/errors';
import { ConfigError } from '@ccf/lint/errors';
import { PublishError } from '@ccf/publish/errors';
import { CommanderError } from 'commander';
import { CommandError, UsageError, type Io } from './io.js';

// The error classes come from each package's dependency-free `errors` entry, so that knowing how to exit costs
// `ccf lint` nothing at start-up (the commands' own modules are loaded lazily).

/** The exit codes of `ccf`; 70 is EX_SOFTWARE of sysexits.h. */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 70 } as const;

/** The exit codes, as `ccf --help` and the README state them. */
export const EXIT_HELP = `
Exit codes:
  0   success (for lint: no errors)
  1   problems found in the content, or the operation failed on its input (refused, cannot write)
  2   usage error: a bad option, path, version name (ref, @release) or ccf.config.json
  70  internal error: a bug in ccf
`;

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The one table from error class to exit code. The first class an error is an instance of wins, so a subclass comes
 * before its base. Every command exits through it: no command converts one error class into another to pick a code.
 */
export const EXIT_CODES: readonly (readonly [ErrorClass, number])[] = [
  [UsageError, EXIT.usage],
  [SourceError, EXIT.usage],
  [ConfigError, EXIT.usage],
  [PublishError, EXIT.problems],
  [CommandError, EXIT.problems],
  [CcfError, EXIT.problems],
];

const COMMANDER_DONE = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** A Node system error (EACCES, ENOSPC, EADDRINUSE…): told by its `code` and `syscall`, never its message. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/** The exit code an error that ended a command calls for. */
export function exitCodeFor(error: unknown): number {
  // Help and version "errors" are the normal way commander stops after printing.
  if (error instanceof CommanderError) return COMMANDER_DONE.has(error.code) ? EXIT.ok : EXIT.usage;
  for (const [type, code] of EXIT_CODES) if (error instanceof type) return code;
  // A file that cannot be read or written: the operation failed, ccf did not.
  if (isSystemError(error)) return EXIT.problems;
  return EXIT.internal;
}

/** `file:line:col: ` for an error with a place, else nothing: the position is data, shown by this reporter only. */
function place(error: CcfError): string {
  if (!error.file) return '';
  if (error.line === undefined) return `${error.file}: `;
  return `${error.file}:${error.line}:${error.column ?? 1}: `;
}

/** Prints an error that ended a command (one line and a hint, no stack) and returns its exit code. */
export function reportError(error: unknown, io: Io): number {
  const code = exitCodeFor(error);
  // commander has printed its own message.
  if (error instanceof CommanderError) return code;
  if (error instanceof CcfError) io.stderr(`ccf: ${place(error)}${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
  else if (code !== EXIT.internal) io.stderr(`ccf: ${(error as Error).message}\n`);
  else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `ccf: internal error: ${message}\nThis is a bug in ccf; please report it with the command you ran.${io.env.CCF_DEBUG ? `\n${(error as Error).stack ?? ''}` : ' (set CCF_DEBUG=1 for details)'}\n`,
    );
  }
  return code;
}
