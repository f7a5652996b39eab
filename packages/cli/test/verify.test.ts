// `ccf verify`: a release folder, offline, against the manifest SHA-256 its index pins; every file against the
// manifest. Each tampering is named by file with what was expected and what is there, and exits 1.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './publish-helpers.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let releases: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccf-verify-'));
  releases = join(dir, 'releases');
  cpSync(join(repoRoot, 'releases'), releases, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifestOf = (v: string) =>
  JSON.parse(readFileSync(join(releases, v, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
const entryOf = (v: string, path: string) => manifestOf(v).files.find((f) => f.path === path)!;

/** Rewrites a release's manifest and pins the new one in the index, as a forger with write access to both would. */
function repin(v: string, edit: (m: ReturnType<typeof manifestOf>) => void): void {
  const m = manifestOf(v);
  edit(m);
  const text = JSON.stringify(m, null, 2) + '\n';
  writeFileSync(join(releases, v, 'manifest.json'), text);
  const index = JSON.parse(readFileSync(join(releases, 'index.json'), 'utf8')) as {
    releases: { version: string; manifestSha256: string }[];
  };
  index.releases.find((r) => r.version === v)!.manifestSha256 = sha(text);
  writeFileSync(join(releases, 'index.json'), JSON.stringify(index, null, 2) + '\n');
}

describe('ccf verify', () => {
  it('passes every committed release, by folder and by @version', async () => {
    for (const v of ['1.0.0', '1.0.1', '2.0.0', '2.1.0']) {
      const r = await run(dir, ['verify', `releases/${v}`]);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toMatch(new RegExp(`^ccf: releases/${v} verified: manifest\\.json is the one releases/index\\.json pins for ${v} `));
    }
    const r = await run(repoRoot, ['verify', '@2.1.0']);
    expect([r.code, r.out]).toEqual([
      0,
      `ccf: releases/2.1.0 verified: manifest.json is the one releases/index.json pins for 2.1.0 (SHA-256 ${sha(readFileSync(join(repoRoot, 'releases/2.1.0/manifest.json')))}), and its 12 files match it byte for byte\n`,
    ]);
  });

  it('names a flipped byte: the file, the expected and the actual SHA-256', async () => {
    const path = join(releases, '2.1.0/clusters.csv');
    const bytes = readFileSync(path);
    bytes[10] = bytes[10]! ^ 0x01;
    writeFileSync(path, bytes);
    const { bytes: size, sha256 } = entryOf('2.1.0', 'clusters.csv');
    const r = await run(dir, ['verify', 'releases/2.1.0']);
    expect([r.code, r.out, r.err]).toEqual([
      1,
      `releases/2.1.0/clusters.csv: Unexpected ${size} bytes, SHA-256 ${sha(bytes)}, expected ${size} bytes, SHA-256 ${sha256}\n`,
      'ccf: release releases/2.1.0 failed verification: 1 problem\n',
    ]);
  });

  it('names a deleted file and an extra file', async () => {
    unlinkSync(join(releases, '2.0.0/occupations.csv'));
    writeFileSync(join(releases, '2.0.0/notes.txt'), 'planted');
    const { bytes, sha256 } = entryOf('2.0.0', 'occupations.csv');
    const r = await run(dir, ['verify', 'releases/2.0.0']);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      `releases/2.0.0/occupations.csv: Missing file, expected ${bytes} bytes, SHA-256 ${sha256}\n` +
        'releases/2.0.0/notes.txt: Unexpected file, expected only the files manifest.json lists\n',
    );
  });

  it('names an edited manifest (its SHA-256 against the one the index pins)', async () => {
    const path = join(releases, '1.0.0/manifest.json');
    const pinned = sha(readFileSync(path));
    const edited = readFileSync(path, 'utf8').replace('"version": "1.0.0"', '"version": "1.0.0" ');
    writeFileSync(path, edited);
    const r = await run(dir, ['verify', 'releases/1.0.0']);
    expect([r.code, r.out]).toEqual([
      1,
      `releases/1.0.0/manifest.json: Unexpected SHA-256 ${sha(edited)}, expected ${pinned} (the pinned manifest)\n`,
    ]);
  });

  it('names a manifest the index does not list', async () => {
    const index = JSON.parse(readFileSync(join(releases, 'index.json'), 'utf8')) as { releases: { version: string }[] };
    index.releases = index.releases.filter((r) => r.version !== '1.0.1');
    writeFileSync(join(releases, 'index.json'), JSON.stringify(index));
    const r = await run(dir, ['verify', 'releases/1.0.1']);
    expect([r.code, r.out]).toEqual([1, 'releases/1.0.1/manifest.json: Unexpected release 1.0.1: releases/index.json does not list it\n']);
  });

  it('never reads outside the folder: a `../x` entry is reported, not opened', async () => {
    // The file it names exists and matches, so only a check that refuses the name (not the bytes) reports it.
    writeFileSync(join(releases, 'x'), 'outside');
    repin('2.1.0', (m) => m.files.push({ path: '../x', bytes: 7, sha256: sha('outside') }));
    const r = await run(dir, ['verify', 'releases/2.1.0']);
    expect([r.code, r.out]).toEqual([
      1,
      'releases/2.1.0/manifest.json: Unexpected path "../x" in files[12], expected a file name inside the release folder (not read)\n',
    ]);
    repin('2.1.0', (m) => (m.files[12]!.path = '/etc/passwd'));
    expect((await run(dir, ['verify', 'releases/2.1.0'])).out).toContain('Unexpected path "/etc/passwd" in files[12]');
  });

  it('checks a downloaded copy against a versions.json given with --index', async () => {
    const copy = join(dir, 'download');
    cpSync(join(releases, '2.1.0'), copy, { recursive: true });
    const versions = { versions: { '2.1.0': { manifestSha256: sha(readFileSync(join(copy, 'manifest.json'))) } } };
    writeFileSync(join(dir, 'versions.json'), JSON.stringify(versions));
    expect((await run(dir, ['verify', 'download', '--index', 'versions.json'])).code).toBe(0);
    writeFileSync(join(copy, 'case.json'), '{}');
    const r = await run(dir, ['verify', 'download', '--index', 'versions.json']);
    expect([r.code, r.out.split(':')[0]]).toEqual([1, 'download/case.json']);
  });

  it('exits 2 on a usage error', async () => {
    for (const argv of [
      ['verify'],
      ['verify', 'no-such-folder'],
      ['verify', '@2.1'],
      ['verify', '@9.9.9'],
      ['verify', 'releases/2.1.0', '--index', 'nope.json'],
    ]) {
      const r = await run(dir, argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^(ccf: |error: )/);
    }
  });
});
