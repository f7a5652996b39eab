import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { cmp } from '@ccf/core';
import { removeLeftovers, syncDir, temporaryName, writeFileAtomic } from '@ccf/core/node';
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

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_SWAPS = 20;

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
export async function writeRelease(
  dir: string,
  files: Map<string, Uint8Array> | AsyncIterable<[string, Uint8Array]>,
  options: WriteOptions,
): Promise<Map<string, number>> {
  const target = resolve(dir);
  const parent = dirname(target);
  if (files instanceof Map) for (const file of files.keys()) checkName(file);

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
  const write = options.writeFile ?? ((path: string, bytes: Uint8Array) => writeFileAtomic(path, bytes));
  // Name → size of what was written; a stream's files are written as they come and not kept.
  const written = new Map<string, number>();
  try {
    for await (const [file, bytes] of files) {
      checkName(file);
      if (written.has(file)) throw new PublishError('PUBLISH_BAD_FILE_NAME', `Unexpected file \`${file}\` twice in one release`);
      await write(join(tmp, file), bytes);
      written.set(file, bytes.byteLength);
    }
    await syncDir(tmp);
    await options.failpoint?.('files-written');
    await place(tmp, target, options.overwrite, dir, options.failpoint);
    await syncDir(parent);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return new Map([...written].sort((a, b) => cmp(a[0], b[0])));
}

function checkName(file: string): void {
  if (!SAFE_NAME.test(file))
    throw new PublishError('PUBLISH_BAD_FILE_NAME', `Unexpected file name \`${file}\`, expected a plain file name`);
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
