import { randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PublishError } from './errors.js';

export interface WriteOptions {
  /** Replace an existing output folder (only one that holds a ccf manifest.json, or an empty one). */
  overwrite: boolean;
  /** Writes one file and flushes it to disk. Replaceable so tests can inject a failure (a full disk). */
  writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
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
  const name = basename(target);
  for (const file of files.keys())
    if (!SAFE_NAME.test(file)) throw new PublishError(`Unexpected file name \`${file}\`, expected a plain file name`);

  const existing = await kind(target);
  if (existing === 'other') throw new PublishError(`\`${dir}\` exists and is not a folder`, 'Choose a folder for --out.');
  if (existing === 'dir' && !options.overwrite) throw new PublishError(`\`${dir}\` already exists`, 'A release is never overwritten.');
  if (existing === 'dir' && !(await replaceable(target)))
    throw new PublishError(
      `\`${dir}\` is not a ccf output folder (it has no ccf manifest.json), so it will not be replaced`,
      'Choose a new or empty folder for --out.',
    );

  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${name}.tmp-`));
  const write = options.writeFile ?? writeDurably;
  try {
    for (const [file, bytes] of files) await write(join(tmp, file), bytes);
    await syncDir(tmp);
    await place(tmp, target, options.overwrite, dir);
    await syncDir(parent);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function place(tmp: string, target: string, overwrite: boolean, display: string): Promise<void> {
  const aside: string[] = [];
  try {
    for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
      try {
        await rename(tmp, target);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EISDIR') throw error;
        if (!overwrite) throw new PublishError(`\`${display}\` already exists`, 'A release is never overwritten.');
      }
      // Another writer may swap concurrently: every folder that lands at `target` is complete, whoever wins.
      const old = join(dirname(target), `.${basename(target)}.old-${randomBytes(6).toString('hex')}`);
      try {
        await rename(target, old);
        aside.push(old);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new PublishError(`Could not replace \`${display}\`: another process keeps writing it`);
  } finally {
    for (const old of aside) await rm(old, { recursive: true, force: true });
  }
}
