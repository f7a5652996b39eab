import { escapeInvisible } from '../escape.js';
import { ID_PATTERN } from '../model.js';
import type { Diagnostic } from '../types.js';

/** Longest id, as `maxLength` of the schema's `id`. */
export const MAX_ID_LENGTH = 80;

/** Whether a cluster folder name or a node file name (without `.md`) is an id, as the schema's `id` pattern. */
export function isIdName(name: string): boolean {
  return name.length <= MAX_ID_LENGTH && ID_PATTERN.test(name);
}

/**
 * Why a cluster folder or a node file is not read: its name would become an id, and an id that is not kebab-case
 * (a newline, `<!--`, a backtick, an ANSI escape) would be written into every report. Every source refuses it.
 */
export function badName(path: string, name: string, what: 'folder' | 'file'): Diagnostic {
  const ext = what === 'file' ? '.md' : '';
  return {
    file: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    ruleId: 'id-format',
    severity: 'error',
    message: `Unexpected ${what} name \`${escapeInvisible(name)}${ext}\`, expected an id in lowercase kebab-case${ext ? ' and `.md`' : ''}, e.g. \`animal-systems${ext}\``,
    note: `The ${what} name is the node's id: a–z, 0–9 and single hyphens, at most ${MAX_ID_LENGTH} characters. ccf does not read this ${what} until it is renamed.`,
  };
}
