import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bin, checkManifest, contentRepo, hashes, run, type GitRepo } from './publish-helpers.js';

const exec = promisify(execFile);
let repo: GitRepo;
beforeEach(async () => {
  repo = await contentRepo();
});
afterEach(() => repo.cleanup());

describe('ccf publish', () => {
  it('publishes committed content with its commit and the commit date', async () => {
    const r = await run(repo.dir, ['publish', '--out', 'out']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Published Small "Test" Framework 2\.1\.0 \(2 career clusters, 3 sub-clusters\) to out\/: 10 files/);
    const manifest = checkManifest(join(repo.dir, 'out'));
    expect(manifest.source).toEqual({ commit: repo.git(['rev-parse', 'HEAD']).trim(), date: '2024-01-01T00:00:00Z' });
  });

  it('refuses content with lint errors, prints them, and writes nothing', async () => {
    const file = join(repo.dir, 'content/clusters/zeta/only.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\nThe only[^]*$/, '\n\nToo short.\n'));
    const r = await run(repo.dir, ['publish', '--out', 'out']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^clusters\/zeta\/only\.md:\d+:\d+ {2}error {2}.* {2}definition-required$/m);
    expect(r.err).toMatch(/ccf: not published: the content has lint errors/);
    expect(existsSync(join(repo.dir, 'out'))).toBe(false);
  });

  it('names no commit for uncommitted content, and takes the date from --date or SOURCE_DATE_EPOCH', async () => {
    writeFileSync(join(repo.dir, 'content/framework.md'), readFileSync(join(repo.dir, 'content/framework.md'), 'utf8') + '\nMore.\n');
    const a = await run(repo.dir, ['publish', '--out', 'out']);
    expect(a.code).toBe(0);
    expect(a.err).toMatch(/note: content has uncommitted changes: the manifest names no commit/);
    expect(a.err).toMatch(/note: No source date/);
    expect(checkManifest(join(repo.dir, 'out')).source).toEqual({});
    const b = await run(repo.dir, ['publish', '--out', 'out'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(checkManifest(join(repo.dir, 'out')).source).toEqual({ date: '2023-11-14T22:13:20Z' });
    expect(b.code).toBe(0);
    const c = await run(repo.dir, ['publish', '--out', 'out', '--date', '2020-02-02T02:02:02+02:00'], { SOURCE_DATE_EPOCH: '1' });
    expect(c.code).toBe(0);
    expect(checkManifest(join(repo.dir, 'out')).source).toEqual({ date: '2020-02-02T00:02:02Z' });
    const d = await run(repo.dir, ['publish', '--out', 'out', '--date', 'yesterday']);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/^ccf: Unexpected date `yesterday`, expected an ISO 8601 date-time with an offset/);
  });

  it('never replaces a folder it did not write', async () => {
    mkdirSync(join(repo.dir, 'mine'));
    writeFileSync(join(repo.dir, 'mine/notes.txt'), 'keep');
    const r = await run(repo.dir, ['publish', '--out', 'mine']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ccf: `mine` is not a ccf output folder/);
    expect(readFileSync(join(repo.dir, 'mine/notes.txt'), 'utf8')).toBe('keep');
    const release = await run(repo.dir, ['publish', '--out', 'releases/1.0.0']);
    expect([release.code, release.err.split('\n')[0]]).toEqual([
      2,
      'ccf: Unexpected --out releases/1.0.0 inside releases/, expected a folder outside it',
    ]);
  });

  it('adds a byte order mark to the CSVs with --excel', async () => {
    expect((await run(repo.dir, ['publish', '--out', 'out', '--excel'])).code).toBe(0);
    expect([...readFileSync(join(repo.dir, 'out/clusters.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('publishes a release back as a source (@version) and a git ref', async () => {
    expect((await run(repo.dir, ['publish', '--from', 'HEAD', '--out', 'a'])).code).toBe(0);
    const fromGit = hashes(join(repo.dir, 'a'));
    expect(fromGit).toEqual((await run(repo.dir, ['publish', '--out', 'b']), hashes(join(repo.dir, 'b'))));
    const r = await run(repo.dir, ['publish', '--from', '@9.9.9', '--out', 'c']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ccf: Unknown release `@9\.9\.9`/);
  });

  // The built command, as a user runs it: a separate process with its own environment.
  it('writes byte-identical files under another time zone and locale', async () => {
    const env = (tz: string, lang: string) => ({
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: tz, LANG: lang, LC_ALL: lang },
      cwd: repo.dir,
    });
    await exec(process.execPath, [bin, 'publish', '--out', 'one'], env('UTC', 'C'));
    await exec(process.execPath, [bin, 'publish', '--out', 'two'], env('Pacific/Chatham', 'tr_TR.UTF-8'));
    const one = hashes(join(repo.dir, 'one'));
    expect(Object.keys(one)).toHaveLength(10);
    expect(hashes(join(repo.dir, 'two'))).toEqual(one);
  });

  it('leaves a consistent folder when two publisher processes race', async () => {
    const opts = { env: { PATH: process.env.PATH }, cwd: repo.dir };
    for (let round = 0; round < 1; round++) {
      const results = await Promise.allSettled([
        exec(process.execPath, [bin, 'publish', '--out', 'out'], opts),
        exec(process.execPath, [bin, 'publish', '--out', 'out', '--excel'], opts),
        exec(process.execPath, [bin, 'publish', '--out', 'out'], opts),
      ]);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      checkManifest(join(repo.dir, 'out'));
    }
    expect(
      repo
        .git(['status', '--porcelain', '--ignored'])
        .split('\n')
        .filter((l) => /\.out\.(tmp|old)-/.test(l)),
    ).toEqual([]);
  });
});
