/**
 * Class of attack: a pull request plants parse-cache records so that CI's lint, change report or crosswalk
 * describe files that are not the ones in the pull request (a file with errors reported clean, a rename
 * reported as "No change"). Whatever a pull request or a shared cache folder holds, each run must give
 * exactly what a run without any cache gives.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskCache, encodeParsed, parseFile, parseSalt, sha256, type DiskCacheOptions } from '@ccf/core/node';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blobSha,
  brokenCrops,
  ccf,
  cleanContent,
  freshClone,
  tempDir,
  userEnv,
  victimPath,
  victimRepoPath,
  type Run,
} from './cache-attack.js';

let tmp: ReturnType<typeof tempDir>;
let repo: GitRepo;
beforeEach(async () => {
  tmp = tempDir('ccf-poison-');
  repo = await gitRepo({ ...cleanContent, '.gitignore': '.ccf-cache/\n' });
});
afterEach(async () => {
  await repo.cleanup();
  tmp.cleanup();
});

/** The parse of the clean file, keyed by the pull request's bytes (content hash and blob SHA): "no errors here". */
async function plantLie(root: string, secret = randomBytes(32)): Promise<void> {
  // The attacker uses ccf's own cache writer, so the record has the right salt, layout and (their own) secret.
  const cache = diskCache(root, { secret } as DiskCacheOptions);
  const clean = parseFile(victimPath, cleanContent[victimRepoPath]!);
  cache.set(sha256(brokenCrops), victimPath, clean);
  cache.alias?.(blobSha(repo.dir, brokenCrops), sha256(brokenCrops), victimPath);
  await cache.flush();
}

/** Lint, change report and crosswalk of the checkout at `cwd`, with `cacheArgs`. */
async function results(cwd: string, env: Record<string, string>, cacheArgs: string[]): Promise<Run[]> {
  return [
    await ccf(cwd, ['lint', 'content', '--format', 'github', ...cacheArgs], env),
    await ccf(cwd, ['diff', 'HEAD^1', 'HEAD', ...cacheArgs], env),
    await ccf(cwd, ['diff', 'HEAD^1', 'HEAD', '--format', 'json', ...cacheArgs], env),
    await ccf(cwd, ['crosswalk', 'HEAD^1', 'HEAD', '--format', 'csv', ...cacheArgs], env),
  ];
}

/** What an honest run says about the pull request: three errors, and the rename in the report. */
function expectTruth(runs: Run[]): void {
  const [lint, md, , csv] = runs;
  expect(lint!.code).toBe(1);
  expect(lint!.out.match(/^::error /gm)).toHaveLength(3);
  expect(md!.out).not.toMatch(/no change/i);
  expect(md!.out).toContain('Crop Science');
  expect(csv!.out).toContain('Crop Science');
}

describe('a planted cache record cannot change lint results, the change report or the crosswalk', () => {
  it('planted in the default folder (.ccf-cache/ committed with git add -f), replayed on a fresh clone', async () => {
    await plantLie(join(repo.dir, '.ccf-cache'));
    repo.git(['add', '-f', '.ccf-cache']);
    await repo.commit({ [victimRepoPath]: brokenCrops }, 'retitle crops');
    const clone = join(tmp.dir, 'clone');
    freshClone(repo.dir, clone);
    expect(repo.git(['ls-files', '.ccf-cache']).length).toBeGreaterThan(0);
    const env = userEnv(join(tmp.dir, 'ci-home'));

    const cached = await results(clone, env, []);
    const warm = await results(clone, env, []);
    const uncached = await results(clone, env, ['--no-cache']);
    expectTruth(uncached);
    expect(cached).toEqual(uncached);
    expect(warm).toEqual(uncached);
  });

  it('planted in a --cache folder that git tracks: the folder is refused, nothing is reported from it', async () => {
    await plantLie(join(repo.dir, 'ci-cache'));
    await repo.commit({ [victimRepoPath]: brokenCrops }, 'retitle crops');
    const clone = join(tmp.dir, 'clone');
    freshClone(repo.dir, clone);
    const env = userEnv(join(tmp.dir, 'ci-home'));

    for (const run of await results(clone, env, ['--cache', 'ci-cache'])) {
      expect(run.code).toBe(2);
      expect(run.out).toBe('');
      expect(run.err).toMatch(/ci-cache.*git tracks/);
    }
  });

  it('planted in an untracked --cache folder (a shared or restored CI cache) with another machine’s secret', async () => {
    const shared = join(tmp.dir, 'restored-cache');
    await plantLie(shared);
    await repo.commit({ [victimRepoPath]: brokenCrops }, 'retitle crops');
    const env = userEnv(join(tmp.dir, 'ci-home'));

    const cached = await results(repo.dir, env, ['--cache', shared]);
    const uncached = await results(repo.dir, env, ['--no-cache']);
    expectTruth(uncached);
    expect(cached).toEqual(uncached);
  });

  it('a record of this machine re-keyed to the new file’s content hash and blob SHA', async () => {
    const shared = join(tmp.dir, 'shared-cache');
    const env = userEnv(join(tmp.dir, 'ci-home'));
    // An honest run on the clean version fills the cache: records keyed by the clean bytes' hash and blob SHA.
    expect((await ccf(repo.dir, ['lint', 'content', '--cache', shared], env)).code).toBe(0);
    expect((await ccf(repo.dir, ['diff', 'HEAD', 'HEAD', '--cache', shared], env)).code).toBe(0);
    // Whoever can write the folder swaps those keys for the pull request's ones, leaving the rest of the record as it is.
    const swaps: [string, string][] = [
      [sha256(cleanContent[victimRepoPath]!), sha256(brokenCrops)],
      [blobSha(repo.dir, cleanContent[victimRepoPath]!), blobSha(repo.dir, brokenCrops)],
    ];
    let swapped = 0;
    for (const dir of readdirSync(shared).filter((d) => d.startsWith('parse-')))
      for (const shard of readdirSync(join(shared, dir)).filter((f) => f.endsWith('.shard'))) {
        let text = readFileSync(join(shared, dir, shard), 'utf8');
        for (const [from, to] of swaps) {
          swapped += text.split(from).length - 1;
          text = text.replaceAll(from, to);
        }
        writeFileSync(join(shared, dir, shard), text);
      }
    expect(swapped).toBeGreaterThanOrEqual(2);
    await repo.commit({ [victimRepoPath]: brokenCrops }, 'retitle crops');

    const cached = await results(repo.dir, env, ['--cache', shared]);
    const uncached = await results(repo.dir, env, ['--no-cache']);
    expectTruth(uncached);
    expect(cached).toEqual(uncached);
  });

  it('salt guessed: a hand-written record for the new blob, claiming no errors, in the folder ccf reads', async () => {
    const shared = join(tmp.dir, 'shared-cache');
    const env = userEnv(join(tmp.dir, 'ci-home'));
    expect((await ccf(repo.dir, ['lint', 'content', '--cache', shared], env)).code).toBe(0);
    // The salt is a hash of the code and schemas, which anyone can compute: the guess names the folder ccf uses.
    const dir = join(shared, `parse-${parseSalt()}`);
    expect(existsSync(dir)).toBe(true);
    const record = encodeParsed(parseFile(victimPath, cleanContent[victimRepoPath]!));
    const keys = [sha256(brokenCrops), blobSha(repo.dir, brokenCrops)];
    const text = `${JSON.stringify([victimPath, keys, record.length])}\n${record}`;
    // Every shard, so the record is found whichever shard the path falls in.
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 64; i++) writeFileSync(join(dir, `${i}.shard`), text);
    await repo.commit({ [victimRepoPath]: brokenCrops }, 'retitle crops');

    const cached = await results(repo.dir, env, ['--cache', shared]);
    const uncached = await results(repo.dir, env, ['--no-cache']);
    expectTruth(uncached);
    expect(cached).toEqual(uncached);
  });
});

describe('the secret that authenticates cache records stays private', () => {
  it('is made on first use in the user cache folder, 32 bytes, mode 0600', async () => {
    const home = join(tmp.dir, 'home');
    expect((await ccf(repo.dir, ['lint', 'content'], userEnv(home))).code).toBe(0);
    const st = statSync(join(home, '.cache', 'ccf', 'secret'));
    expect(st.size).toBe(32);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it.each([
    ['others can read it', (file: string) => chmodSync(file, 0o644), /others may read or write it/],
    [
      'it is a symbolic link',
      (file: string) => {
        renameSync(file, `${file}.real`);
        symlinkSync(`${file}.real`, file);
      },
      /symbolic link/,
    ],
  ])('a secret is refused when %s', async (_what, spoil, message) => {
    const home = join(tmp.dir, 'home');
    const env = userEnv(home);
    expect((await ccf(repo.dir, ['lint', 'content'], env)).code).toBe(0);
    spoil(join(home, '.cache', 'ccf', 'secret'));
    const r = await ccf(repo.dir, ['lint', 'content'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('with nowhere to keep a secret, the run goes on without a disk cache and says so', async () => {
    const file = join(tmp.dir, 'not-a-folder');
    writeFileSync(file, '');
    const r = await ccf(repo.dir, ['lint', 'content', '--format', 'json'], { HOME: file, XDG_CACHE_HOME: file });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^ccf: warning: No parse cache/);
    expect(r.out).toBe((await ccf(repo.dir, ['lint', 'content', '--format', 'json', '--no-cache'], {})).out);
    expect(existsSync(join(repo.dir, '.ccf-cache'))).toBe(false);
  });
});
