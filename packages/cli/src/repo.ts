import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository a command works in: the nearest folder from `from` upwards that is a git work tree (holds `.git`,
 * a folder or a worktree's file), a bare repository, or holds the content folder (a checkout without git, such as
 * an unpacked archive); `from` itself when there is none. Nearest wins, so a project kept inside another
 * repository (an example, a test fixture) is its own root.
 */
export function findRepoRoot(from: string, contentDir = 'content'): string {
  const start = resolve(from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || isDir(join(dir, contentDir))) return dir;
    if (existsSync(join(dir, 'HEAD')) && isDir(join(dir, 'objects')) && isDir(join(dir, 'refs'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** Whether `path` is a folder (following links); false when it does not exist. */
export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
