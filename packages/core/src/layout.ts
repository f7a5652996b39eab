import { escapeInvisible } from './escape.js';
import { ID_PATTERN } from './model.js';
import type { Diagnostic, FileKind } from './types.js';

// The content folder's layout, in one place for every source that lists files (a folder on disk, a git tree):
// `framework.md` + `clusters/<cluster-id>/index.md` + `clusters/<cluster-id>/<id>.md`.

const NODE_FILE = /^clusters\/([^/]+)\/([^/]+)\.md$/;

/** Kind of a content file from its path, or undefined when the path is not a content file. */
export function kindOf(path: string): FileKind | undefined {
  if (path === 'framework.md') return 'framework';
  const m = NODE_FILE.exec(path);
  if (!m) return undefined;
  return m[2] === 'index' ? 'cluster' : 'subcluster';
}

/** The id a file's path gives it: the folder for a cluster, the file name for a sub-cluster. */
export function idFromPath(path: string): string | undefined {
  const m = NODE_FILE.exec(path);
  if (!m) return undefined;
  return m[2] === 'index' ? m[1] : m[2];
}

/** What a source found at a path: `other` is a FIFO, socket or device on disk, a submodule in git. */
export type EntryType = 'file' | 'folder' | 'symlink' | 'other';

/**
 * Where a path stands in the layout: a content file to read, a folder to look into, a problem to report, or
 * something ccf does not read (anything outside `framework.md` and `clusters/`, non-Markdown files).
 */
export type Placement = 'content' | 'descend' | 'ignore' | { problem: Diagnostic };

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

const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function diag(file: string, ruleId: string, message: string, note?: string): { problem: Diagnostic } {
  return { problem: { file, ...at1, ruleId, severity: 'error', message, ...(note ? { note } : {}) } };
}

const fileLink = (path: string) =>
  diag(path, 'symlink', 'Unexpected symbolic link, expected a regular file', 'ccf never follows links: copy the file into content/.');

/** A FIFO, socket or device: reading it could wait forever or never end; a folder has nothing to read. */
const notAFile = (path: string, name: string, what: string) =>
  diag(path, 'not-a-file', `Unexpected ${what} named \`${name}\`, expected a Markdown file`);

/**
 * Places one path (relative to the content folder, POSIX separators) of the given type. Only `framework.md`,
 * `clusters`, `clusters/<x>` and `clusters/<x>/<y>` are placed: a source never needs to look deeper. `what`
 * names an `other` entry in messages (`FIFO (named pipe)`, `submodule`).
 */
export function place(path: string, type: EntryType, what = type === 'folder' ? 'folder' : 'special file'): Placement {
  if (path === 'framework.md') {
    if (type === 'file') return 'content';
    if (type === 'symlink') return fileLink(path);
    return notAFile(path, path, what);
  }
  if (path === 'clusters') return type === 'folder' ? 'descend' : 'ignore';
  const parts = path.split('/');
  if (parts[0] !== 'clusters') return 'ignore';
  if (parts.length === 2) {
    if (type === 'symlink')
      return diag(
        path,
        'symlink',
        'Unexpected symbolic link, expected a cluster folder',
        'ccf never follows links out of the content folder.',
      );
    if (type === 'folder') return isIdName(parts[1]!) ? 'descend' : { problem: badName(path, parts[1]!, 'folder') };
    if (path.endsWith('.md'))
      return diag(
        path,
        'unexpected-file',
        'Unexpected file directly under `clusters/`, expected a folder per cluster',
        'Move it to `clusters/<cluster-id>/index.md` or into a cluster folder.',
      );
    return 'ignore';
  }
  if (parts.length !== 3) return 'ignore';
  const name = parts[2]!;
  if (!name.endsWith('.md')) {
    if (type === 'folder')
      return diag(
        path,
        'unexpected-file',
        'Unexpected folder inside a cluster folder, expected only `.md` files',
        'Sub-clusters are files: `clusters/<cluster-id>/<id>.md`.',
      );
    return 'ignore';
  }
  if (type === 'symlink') return fileLink(path);
  if (type !== 'file') return notAFile(path, name, what);
  const stem = name.slice(0, -3);
  return stem === 'index' || isIdName(stem) ? 'content' : { problem: badName(path, stem, 'file') };
}

/**
 * Places a flat listing of leaves (what `git ls-tree -r` prints: no folders, they are implied by the paths):
 * each implied folder is placed once, and nothing below a folder that is not descended into is looked at.
 */
export function placeListing<T extends { path: string; type: EntryType; what?: string }>(
  leaves: Iterable<T>,
): { content: T[]; problems: Diagnostic[] } {
  const content: T[] = [];
  const problems: Diagnostic[] = [];
  const folders = new Map<string, Placement>();
  const settle = (placement: Placement): void => {
    if (typeof placement === 'object') problems.push(placement.problem);
  };
  next: for (const leaf of leaves) {
    const parts = leaf.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      let placement = folders.get(folder);
      if (placement === undefined) {
        placement = place(folder, 'folder');
        folders.set(folder, placement);
        settle(placement);
      }
      if (placement !== 'descend') continue next;
    }
    const placement = place(leaf.path, leaf.type, leaf.what);
    if (placement === 'content') content.push(leaf);
    else settle(placement);
  }
  return { content, problems };
}
