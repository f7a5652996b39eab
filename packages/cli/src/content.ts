import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './io.js';

/** A content folder and, optionally, the files within it the user named. */
export interface ContentTarget {
  /** Absolute path of the content root (holds framework.md and clusters/). */
  root: string;
  /** The root as the user should see it in messages, relative to cwd. */
  display: string;
  /** Paths relative to the root to report on; undefined means all. */
  only?: Set<string>;
}

function isContentRoot(dir: string): boolean {
  for (const name of ['framework.md', 'clusters']) {
    try {
      statSync(join(dir, name));
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** Finds the content root from what the user typed: a content folder, or files or folders inside one. */
export function resolveContent(paths: string[], cwd: string): ContentTarget {
  const given = paths.length ? paths : ['content'];
  let root: string | undefined;
  const only = new Set<string>();
  let all = false;
  for (const p of given) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError('USAGE_NO_SUCH_FILE', `No such file or folder: ${p}`, {
        hint: paths.length ? undefined : 'Run ccf from the repository root, or name the content folder: `ccf lint path/to/content`.',
      });
    }
    let dir = st.isDirectory() ? abs : dirname(abs);
    while (!isContentRoot(dir)) {
      const up = dirname(dir);
      if (up === dir)
        throw new UsageError('USAGE_NOT_CONTENT', `Not inside a content folder: ${p}`, {
          hint: 'A content folder holds `framework.md` and `clusters/`.',
        });
      dir = up;
    }
    if (root && root !== dir)
      throw new UsageError(
        'USAGE_TWO_CONTENT_FOLDERS',
        `Paths from two content folders: ${relative(cwd, root) || '.'} and ${relative(cwd, dir) || '.'}`,
      );
    root = dir;
    if (st.isDirectory() && abs === dir) all = true;
    else only.add(relative(dir, abs).split(sep).join('/'));
  }
  const rel = relative(cwd, root!);
  // Outside the working folder, an absolute path reads better than a ladder of `../`.
  const display = rel === '' ? '.' : rel.startsWith('..') ? root! : rel;
  return { root: root!, display, ...(all ? {} : { only }) };
}

/** Joins the content root's display path and a root-relative file path. */
export function displayPath(target: ContentTarget, file: string): string {
  return target.display === '.' ? file : `${target.display.split(sep).join('/')}/${file}`;
}

/** Whether a root-relative path is selected (a file, or anything under a selected folder). */
export function selected(target: ContentTarget, file: string): boolean {
  if (!target.only) return true;
  for (const p of target.only) if (file === p || file.startsWith(p + '/')) return true;
  return false;
}
