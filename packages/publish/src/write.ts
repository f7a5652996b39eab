import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PublishError } from './errors.js';

/** The points of a write where a test may stop it (as a kill would) or make it fail (as a full disk would). */
export type WriteStep = 'files-written' | 'old-aside';

export interface WriteOptions {
  /** Replace an existing output folder (only one that holds a ccf manifest.json, or an empty one). */
  overwrite: boolean;
  /** Writes one file and flushes it to disk. Replaceable so tests can inject a failure (a full disk). */
  writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Test hook, called at each step before the next rename. */
  failpoint?: (step: WriteStep) => void | Promise<void>;
}

// Every temporary name ccf makes says so and names the process that made it: `.<name>.ccf-tmp-<pid>-<random>`.
// A later run removes such an entry once that process is gone, and never touches a name it did not make.
const LEFTOVER = /^\..+\.ccf-(?:tmp|old)-([1-9]\d{0,9})-[A-Za-z0-9]{6,16}$/;

/** A name for a temporary file or folder beside `target` that `removeLeftovers` recognises once this process is gone. */
export function temporaryName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.ccf-${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Whether a process with this id is running on this machine (EPERM: it is, but someone else's). */
function alive(pid: number): boolean {
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

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_SWAPS = 20;

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(path: string): Promise<void> {
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

async function kind(path: string): Promise<'missing' | 'dir' | 'other'> {
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  return !st ? 'missing' : st.isDirectory() ? 'dir' : 'other';
}

/** Whether a folder may be replaced: it is empty or holds a manifest.json that ccf wrote. */
async function replaceable(path: string): Promise<boolean> {
  const text = await readFile(join(path, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return (await readdir(path)).length === 0;
  try {
    return (JSON.parse(text) as { tool?: { name?: string } }).tool?.name === 'ccf';
  } catch {
    return false;
  }
}

/**
 * Writes a release folder atomically: every file goes into a temporary folder beside `dir`, is flushed to disk,
 * and the folder is renamed into place. Readers see the old folder or the new one, never a mix; a failure leaves
 * the old folder whole and removes the temporary one. With `overwrite`, the old folder is renamed aside first
 * and deleted after the swap (so for an instant there is no folder, but never a partial one).
 */
export async function writeRelease(dir: string, files: Map<string, Uint8Array>, options: WriteOptions): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  for (const file of files.keys())
    if (!SAFE_NAME.test(file))
      throw new PublishError('PUBLISH_BAD_FILE_NAME', `Unexpected file name \`${file}\`, expected a plain file name`);

  const existing = await kind(target);
  if (existing === 'other')
    throw new PublishError('PUBLISH_TARGET_EXISTS', `\`${dir}\` exists and is not a folder`, { hint: 'Choose a folder for --out.' });
  if (existing === 'dir' && !options.overwrite)
    throw new PublishError('PUBLISH_TARGET_EXISTS', `\`${dir}\` already exists`, { hint: 'A release is never overwritten.' });
  if (existing === 'dir' && !(await replaceable(target)))
    throw new PublishError(
      'PUBLISH_TARGET_EXISTS',
      `\`${dir}\` is not a ccf output folder (it has no ccf manifest.json), so it will not be replaced`,
      { hint: 'Choose a new or empty folder for --out.' },
    );

  await mkdir(parent, { recursive: true });
  await removeLeftovers(parent);
  const tmp = temporaryName(target, 'tmp');
  await mkdir(tmp);
  const write = options.writeFile ?? writeDurably;
  try {
    for (const [file, bytes] of files) await write(join(tmp, file), bytes);
    await syncDir(tmp);
    await options.failpoint?.('files-written');
    await place(tmp, target, options.overwrite, dir, options.failpoint);
    await syncDir(parent);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function place(
  tmp: string,
  target: string,
  overwrite: boolean,
  display: string,
  failpoint: WriteOptions['failpoint'],
): Promise<void> {
  const aside: string[] = [];
  try {
    for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
      try {
        await rename(tmp, target);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EISDIR') throw error;
        if (!overwrite)
          throw new PublishError('PUBLISH_TARGET_EXISTS', `\`${display}\` already exists`, {
            hint: 'A release is never overwritten.',
          });
      }
      // Another writer may swap concurrently: every folder that lands at `target` is complete, whoever wins.
      const old = temporaryName(target, 'old');
      try {
        await rename(target, old);
        aside.push(old);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await failpoint?.('old-aside');
    }
    throw new PublishError('PUBLISH_TARGET_BUSY', `Could not replace \`${display}\`: another process keeps writing it`);
  } finally {
    for (const old of aside) await rm(old, { recursive: true, force: true });
  }
}
