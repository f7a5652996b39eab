import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Every temporary name ccf makes says so and names the process that made it: `.<name>.ccf-tmp-<pid>-<random>`.
// A later run removes such an entry once that process is gone, and never touches a name it did not make.
const LEFTOVER = /^\..+\.ccf-(?:tmp|old)-([1-9]\d{0,9})-[A-Za-z0-9]{6,16}$/;

/** A name for a temporary file or folder beside `target` that `removeLeftovers` recognizes once this process is gone. */
export function temporaryName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.ccf-${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Whether a process with this id is running on this machine (EPERM: it is, but someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what killed ccf runs left in `dir`: temporary and set-aside files and folders named by `temporaryName`
 * whose process has ended. A folder is removed only when it holds nothing but plain files (ccf writes nothing
 * else), so a user's tree that happens to match the pattern is kept. Returns the names removed.
 */
export async function removeLeftovers(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const match = LEFTOVER.exec(entry.name);
    if (!match || alive(Number(match[1]))) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inside = await readdir(path, { withFileTypes: true }).catch(() => undefined);
      if (!inside || !inside.every((e) => e.isFile())) continue;
    } else if (!entry.isFile()) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

/** Flushes a folder's entries (a rename into it) to disk. */
export async function syncDir(path: string): Promise<void> {
  // Makes the new directory entries durable. Not every platform can open a folder for this (Windows): best effort.
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    // see above
  } finally {
    await fh.close();
  }
}

export interface WriteFileOptions {
  /** Flush the file and its folder to disk (default). Off for a cache, where a file lost in a power cut is a miss. */
  sync?: boolean;
}

/**
 * Writes one file whole or not at all: a new temporary file beside it (`temporaryName`, created exclusively, so
 * nothing planted under its name is written through) is written and flushed, renamed over the target, and the
 * folder flushed. A reader or a crash sees the old content or the new, never half a file; a failure removes the
 * temporary file, and a kill leaves one that `removeLeftovers` recognizes.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileOptions = {}): Promise<void> {
  const sync = options.sync ?? true;
  const tmp = temporaryName(path, 'tmp');
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      if (sync) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  if (sync) await syncDir(dirname(path));
}
