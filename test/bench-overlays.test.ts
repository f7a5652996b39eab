// The benchmark's state overlays (issue 17 part 7) measure what they say only if they are valid: a generated overlay
// over the generated national corpus lints clean, and it is deterministic (the same bytes every run, so figures
// from two machines or two days compare the same work).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark is plain JavaScript without type declarations.
import { corpusFiles, overlayFiles } from '../bench/generate.mjs';

type Files = Map<string, string>;
const corpus = corpusFiles as (nodes: number) => { files: Files };
const overlay = overlayFiles as (nodes: number, index: number, programs: number, base: string) => { code: string; files: Files };

const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});

async function writeAll(root: string, files: Files): Promise<void> {
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const r = { out: '', err: '' };
  const io: Io = { cwd, env: { PATH: process.env.PATH }, isTTY: false, stdout: (t) => void (r.out += t), stderr: (t) => void (r.err += t) };
  return { code: await main(argv, io), ...r };
}

describe('bench: generated state overlays', () => {
  it('lint clean against the generated national corpus (renames, hides, moves, state nodes, programs)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccf-bench-overlay-'));
    temps.push(dir);
    await writeAll(join(dir, 'national'), corpus(200).files);
    const { code, files } = overlay(200, 1, 40, '../../national/content');
    expect(code).toBe('XB');
    expect([...files.keys()].filter((f) => f.startsWith('programs/'))).toHaveLength(40);
    const texts = [...files.values()].join('\n');
    expect(texts).toMatch(/^hidden: /m);
    expect(texts).toMatch(/^parent: xb-state-cluster$/m);
    expect(texts).toMatch(/^kind: cluster$/m);
    await writeAll(join(dir, 'states/xb'), files);
    const r = await run(['lint', join(dir, 'states/xb'), '--no-cache'], dir);
    expect(r.err).toBe('');
    expect(r.out).toBe('0 errors, 0 warnings\n');
    expect(r.code).toBe(0);
  });

  it('is deterministic: the same overlay index gives the same files', () => {
    const a = overlay(200, 3, 25, '../national');
    const b = overlay(200, 3, 25, '../national');
    expect([...a.files]).toEqual([...b.files]);
    expect(overlay(200, 4, 25, '../national').code).not.toBe(a.code);
  });
});
