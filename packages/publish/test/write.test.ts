import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '@ccf/core/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '@ccf/core';
import { buildRelease, PublishError, writeRelease } from '../src/index.js';
import { earlierOf, fixture, loadDir, tempDir } from './helpers.js';

const framework = await loadDir(fixture('small'));
const earlier = await earlierOf(fixture('small'));
const v1 = await buildRelease(framework, { toolVersion: '1.0.0', earlier });
const v2 = await buildRelease(framework, { toolVersion: '2.0.0', earlier });

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  tmp = await tempDir();
});
afterEach(() => tmp.done());

/** Reads a written folder and checks that its manifest agrees with its files; returns the tool version. */
async function consistent(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const names = (await readdir(dir)).sort();
  expect(names).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  for (const f of manifest.files) expect(sha256(await readFile(join(dir, f.path))), f.path).toBe(f.sha256);
  return manifest.tool.version;
}

describe('writeRelease', () => {
  it('writes every file into a new folder, and leaves nothing beside it', async () => {
    const out = join(tmp.dir, 'out');
    await writeRelease(out, v1, { overwrite: false });
    expect(await consistent(out)).toBe('1.0.0');
    expect(await readdir(tmp.dir)).toEqual(['out']);
  });

  it('refuses to overwrite without overwrite, and leaves the old folder alone', async () => {
    const out = join(tmp.dir, 'out');
    await writeRelease(out, v1, { overwrite: false });
    await expect(writeRelease(out, v2, { overwrite: false })).rejects.toThrow(/already exists/);
    expect(await consistent(out)).toBe('1.0.0');
    expect(await readdir(tmp.dir)).toEqual(['out']);
  });

  it('replaces a folder ccf wrote', async () => {
    const out = join(tmp.dir, 'out');
    await writeRelease(out, v1, { overwrite: false });
    await writeRelease(out, v2, { overwrite: true });
    expect(await consistent(out)).toBe('2.0.0');
    expect(await readdir(tmp.dir)).toEqual(['out']);
  });

  it('never replaces a folder ccf did not write', async () => {
    const out = join(tmp.dir, 'home');
    await mkdir(out);
    await writeFile(join(out, 'precious.txt'), 'keep me');
    await expect(writeRelease(out, v1, { overwrite: true })).rejects.toThrow(PublishError);
    expect(await readdir(out)).toEqual(['precious.txt']);
    await writeFile(join(tmp.dir, 'file'), 'x');
    await expect(writeRelease(join(tmp.dir, 'file'), v1, { overwrite: true })).rejects.toThrow(/not a folder/);
  });

  it('leaves the previous output whole when writing fails half-way (a full disk)', async () => {
    const out = join(tmp.dir, 'out');
    await writeRelease(out, v1, { overwrite: false });
    let written = 0;
    const failing = async (path: string, bytes: Uint8Array): Promise<void> => {
      if (++written === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      await writeFile(path, bytes);
    };
    await expect(writeRelease(out, v2, { overwrite: true, writeFile: failing })).rejects.toThrow(/ENOSPC/);
    expect(written).toBe(3);
    expect(await consistent(out)).toBe('1.0.0');
    expect(await readdir(tmp.dir)).toEqual(['out']);
  });

  it('never leaves a manifest that disagrees with its files when publishers race', async () => {
    const out = join(tmp.dir, 'out');
    await writeRelease(out, v1, { overwrite: false });
    for (let round = 0; round < 10; round++) {
      const racers = Array.from({ length: 4 }, (_, i) => writeRelease(out, i % 2 ? v1 : v2, { overwrite: true }));
      const results = await Promise.allSettled(racers);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
      expect(['1.0.0', '2.0.0']).toContain(await consistent(out));
    }
    expect(await readdir(tmp.dir)).toEqual(['out']);
  });

  it('lets exactly one of two racing releases create a folder', async () => {
    const out = join(tmp.dir, 'release');
    const results = await Promise.allSettled([writeRelease(out, v1, { overwrite: false }), writeRelease(out, v2, { overwrite: false })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await consistent(out);
    expect(await readdir(tmp.dir)).toEqual(['release']);
  });

  it('refuses file names that would leave the folder', async () => {
    await expect(writeRelease(join(tmp.dir, 'out'), new Map([['../evil', new Uint8Array()]]), { overwrite: false })).rejects.toThrow(
      PublishError,
    );
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});
