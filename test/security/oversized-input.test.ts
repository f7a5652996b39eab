/**
 * Attack: a content file (or a release's framework.json) far over the size limit. ccf must refuse it from its size
 * alone — `fstat` on the opened file, the blob size git reports — and never read it whole: the run ends in seconds
 * with a small peak memory, and says `file-too-large`. The files are sparse (`truncate`), so no disk is used.
 */
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gitEnv } from '@ccf/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCcf, type ChildResult } from './ccf-child.js';
import { tempContent, type TempDir } from './small-content.js';

const MiB = 1024 * 1024;
const TIMEOUT = 60_000;
vi.setConfig({ testTimeout: 3 * TIMEOUT });
/**
 * Peak memory allowed to a run that meets an oversized file. A run on this small content peaks near 110 MiB (tsx
 * included); reading any of the files below whole would add at least their size on top.
 */
const MAX_RSS_MIB = 256;

let temp: TempDir | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

/** Valid frontmatter, then a sparse tail of NUL bytes up to `size`. */
function sparseContentFile(path: string, size: number): void {
  writeFileSync(path, '---\nid: insurance\ntitle: Insurance\norder: 2\nprovenance:\n  status: VERIFIED\n---\n\nText.\n');
  truncateSync(path, size);
}

function small(r: ChildResult): void {
  expect(r.timedOut, `ccf was still running after ${TIMEOUT} ms`).toBe(false);
  expect(r.maxRssMiB, `peak memory ${Math.round(r.maxRssMiB)} MiB`).toBeLessThan(MAX_RSS_MIB);
}

describe('an oversized content file in a folder', () => {
  const size = 1200 * MiB;

  it('is reported as file-too-large without being read (lint)', async () => {
    temp = await tempContent();
    sparseContentFile(join(temp.dir, 'content/clusters/finance/insurance.md'), size);
    const r = await runCcf(['lint', 'content'], temp.dir, TIMEOUT);
    small(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `content/clusters/finance/insurance.md:1:1  error  Unexpected file of ${size} bytes, expected at most ${MiB} bytes  file-too-large`,
    );
  });

  it('is reported the same when named as an argument, and by format', async () => {
    temp = await tempContent();
    sparseContentFile(join(temp.dir, 'content/clusters/finance/insurance.md'), size);
    const lint = await runCcf(['lint', 'content/clusters/finance/insurance.md'], temp.dir, TIMEOUT);
    small(lint);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('file-too-large');
    const format = await runCcf(['format', '--check', 'content'], temp.dir, TIMEOUT);
    small(format);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain(`content/clusters/finance/insurance.md: skipped, 1:1 Unexpected file of ${size} bytes`);
  });
});

describe('an oversized blob at a git ref', () => {
  it('is reported as file-too-large without git being asked for its bytes', async () => {
    const size = 160 * MiB;
    temp = await tempContent();
    sparseContentFile(join(temp.dir, 'content/clusters/finance/insurance.md'), size);
    const git = (args: string[]): string => execFileSync('git', args, { cwd: temp!.dir, env: gitEnv(), encoding: 'utf8' });
    git(['init', '-q', '-b', 'main']);
    // Zeros compress to almost nothing: the repository stays small, and level 1 keeps `git add` quick.
    git(['-c', 'core.compression=1', '-c', 'core.looseCompression=1', 'add', '-A']);
    git(['commit', '-q', '-m', 'big']);
    git(['rm', '-q', 'content/clusters/finance/insurance.md']);
    const r = await runCcf(['publish', '--from', 'HEAD', '--out', 'out'], temp.dir, TIMEOUT);
    small(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`clusters/finance/insurance.md:1:1  error  Unexpected file of ${size} bytes, expected at most ${MiB} bytes`);
  });
});

describe('an oversized framework.json in a release folder', () => {
  it('is refused from its size (exit 2), not read', async () => {
    const size = 1200 * MiB;
    temp = await tempContent();
    await mkdir(join(temp.dir, 'releases/9.0.0'), { recursive: true });
    const file = join(temp.dir, 'releases/9.0.0/framework.json');
    writeFileSync(file, '{"formatVersion": 1, "clusters": []');
    truncateSync(file, size);
    const r = await runCcf(['diff', '@9.0.0', 'content'], temp.dir, TIMEOUT);
    small(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Unexpected framework.json of ${size} bytes in release \`@9.0.0\`, expected at most ${64 * MiB} bytes`);
  });
});
