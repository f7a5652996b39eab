/**
 * Class of attack: a cache folder that is a symbolic link (committed by a pull request, or left by someone
 * else) makes ccf write its shards wherever the link points and delete every `parse-*` entry there. ccf must
 * never follow a link for its cache, and must delete only folders it made itself.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ccf, cleanContent, freshClone, tempDir, userEnv } from './cache-attack.js';

let tmp: ReturnType<typeof tempDir>;
let repo: GitRepo;
let outside: string;
beforeEach(async () => {
  tmp = tempDir('ccf-symlink-');
  repo = await gitRepo(cleanContent);
  // Someone's folder outside the work tree, with entries named like ccf's cache folders.
  outside = join(tmp.dir, 'outside');
  mkdirSync(join(outside, 'parse-keep'), { recursive: true });
  writeFileSync(join(outside, 'parse-keep', 'data.txt'), 'precious\n');
});
afterEach(async () => {
  await repo.cleanup();
  tmp.cleanup();
});

/** Every path under a folder with its content, so "untouched" is one comparison. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    out[join(e.parentPath, e.name).slice(dir.length)] = e.isFile() ? readFileSync(join(e.parentPath, e.name), 'utf8') : '<dir>';
  return out;
}

describe('a symlinked cache folder is never followed', () => {
  it('.ccf-cache committed as a link out of the work tree, replayed on a fresh clone', async () => {
    symlinkSync('../outside', join(repo.dir, '.ccf-cache'));
    await repo.commit({}, 'plant a link');
    const clone = join(tmp.dir, 'clone');
    freshClone(repo.dir, clone);
    const before = tree(outside);
    const env = userEnv(join(tmp.dir, 'home'));

    expect((await ccf(clone, ['lint', 'content'], env)).code).toBe(0);
    expect((await ccf(clone, ['diff', 'HEAD', 'HEAD'], env)).code).toBe(0);
    expect(tree(outside)).toEqual(before);
  });

  it('--cache naming a link: refused, nothing written or deleted where it points', async () => {
    symlinkSync(outside, join(tmp.dir, 'link'));
    const before = tree(outside);
    const env = userEnv(join(tmp.dir, 'home'));

    for (const argv of [
      ['lint', 'content', '--cache', join(tmp.dir, 'link')],
      ['diff', 'HEAD', 'HEAD', '--cache', join(tmp.dir, 'link')],
    ]) {
      const run = await ccf(repo.dir, argv, env);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/link.*symbolic link/);
    }
    expect(tree(outside)).toEqual(before);
  });

  it('a parse-* folder inside the cache that is a link: refused, nothing written where it points', async () => {
    const cache = join(tmp.dir, 'cache');
    const env = userEnv(join(tmp.dir, 'home'));
    expect((await ccf(repo.dir, ['lint', 'content', '--cache', cache], env)).code).toBe(0);
    // Swap the folder this ccf reads for a link to someone else's folder.
    const [own] = readdirSync(cache).filter((d) => d.startsWith('parse-'));
    renameSync(join(cache, own!), join(tmp.dir, 'moved'));
    symlinkSync(outside, join(cache, own!));
    await repo.commit({ 'content/clusters/farming/crops.md': cleanContent['content/clusters/farming/crops.md']! + '\nMore.\n' });
    const before = tree(outside);

    const run = await ccf(repo.dir, ['lint', 'content', '--cache', cache], env);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/parse-.*symbolic link/);
    expect(tree(outside)).toEqual(before);
  });
});

describe('only cache folders ccf made are ever deleted', () => {
  it('a parse-* folder without ccf’s CACHEDIR.TAG survives; one ccf made for other code is removed', async () => {
    const cache = join(tmp.dir, 'cache');
    const env = userEnv(join(tmp.dir, 'home'));
    expect((await ccf(repo.dir, ['lint', 'content', '--cache', cache], env)).code).toBe(0);
    // What another version of ccf left (its code, hence its salt, differed) ...
    const [own] = readdirSync(cache).filter((d) => d.startsWith('parse-'));
    renameSync(join(cache, own!), join(cache, 'parse-0000000000000000'));
    // ... and what someone else keeps there under a similar name.
    mkdirSync(join(cache, 'parse-mine'));
    writeFileSync(join(cache, 'parse-mine', 'notes.txt'), 'mine\n');

    expect((await ccf(repo.dir, ['lint', 'content', '--cache', cache], env)).code).toBe(0);
    const left = readdirSync(cache);
    expect(left).toContain('parse-mine');
    expect(readFileSync(join(cache, 'parse-mine', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(left).not.toContain('parse-0000000000000000');
    expect(left).toContain(own);
  });

  it('a work tree run leaves no cache in the work tree; the cache is in the user’s cache folder', async () => {
    const home = join(tmp.dir, 'home');
    const env = userEnv(home);
    expect((await ccf(repo.dir, ['lint', 'content'], env)).code).toBe(0);
    expect(readdirSync(repo.dir)).not.toContain('.ccf-cache');
    expect(repo.git(['status', '--porcelain'])).toBe('');
    const cached = Object.keys(tree(join(home, '.cache', 'ccf'))).filter((p) => p.endsWith('.shard'));
    expect(cached.length).toBeGreaterThan(0);
  });

  it('the folder of a repository that is gone is removed; a folder ccf did not make, or of a live repository, stays', async () => {
    const home = join(tmp.dir, 'home');
    const env = userEnv(home);
    const repos = join(home, '.cache', 'ccf', 'repos');
    const gone = await gitRepo(cleanContent);
    expect((await ccf(gone.dir, ['lint', 'content'], env)).code).toBe(0);
    expect((await ccf(repo.dir, ['lint', 'content'], env)).code).toBe(0);
    const [goneDir, liveDir] = [gone.dir, repo.dir].map((d) => readdirSync(repos).find((n) => n.startsWith(`${d.split('/').pop()}-`))!);
    expect(goneDir && liveDir).toBeTruthy();
    await gone.cleanup();
    mkdirSync(join(repos, 'someone-else'));
    writeFileSync(join(repos, 'someone-else', 'repository'), '/no/such/repository\n');

    const next = await gitRepo(cleanContent);
    try {
      expect((await ccf(next.dir, ['lint', 'content'], env)).code).toBe(0);
    } finally {
      await next.cleanup();
    }
    const left = readdirSync(repos);
    expect(left).not.toContain(goneDir);
    expect(left).toContain(liveDir);
    expect(left).toContain('someone-else');
  });
});
