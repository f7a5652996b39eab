// `ccf release` writes releases/<version>/ and then releases/index.json. A crash between the two, or a full disk,
// must leave a state the next `ccf release` finishes or rolls back — never one that it refuses, nor an
// "internal error" exit 70. Crashes are real SIGKILLs of a ccf process, stopped at each step by a failpoint.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework, openSource } from '@ccf/core/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ccf, ccfProcess, checkReleases, content, contentRepo, fingerprint, type GitRepo } from './helpers.js';

let repo: GitRepo;
beforeEach(async () => {
  repo = await contentRepo('1.0.0');
  expect((await ccf(repo.dir, ['release', '1.0.0'])).code).toBe(0);
  await repo.commit(content('1.1.0'), 'content 1.1.0');
});
afterEach(() => repo.cleanup());

const releases = (): string => join(repo.dir, 'releases');

describe('a release killed at each step', () => {
  // journal: before anything is written; files-written: the new folder is complete but still temporary;
  // index: the folder is in place, the index not yet; commit: both are written, the journal not yet removed.
  it.each(['release:journal', 'release:files-written', 'release:index', 'release:commit'])(
    'killed at %s, the next `ccf release` finishes or rolls it back',
    async (step) => {
      const killed = await ccfProcess(repo.dir, ['release', '1.1.0'], { CCF_TEST_FAILPOINT: `${step}=kill` });
      expect(killed.signal).toBe('SIGKILL');

      const again = await ccf(repo.dir, ['release', '1.1.0']);
      expect(again.err).not.toMatch(/internal error|already exists/);
      expect(again.code).toBe(0);
      expect(checkReleases(repo.dir)).toEqual(['1.0.0', '1.1.0']);
      const back = await loadFramework(openSource('@1.1.0', { repoRoot: repo.dir }));
      expect(back.framework.nodes.has('roofing')).toBe(true);
    },
  );
});

describe('a full disk, a quota, a read-only or forbidden folder', () => {
  const cases: [string, string, RegExp][] = [
    ['release:journal', 'ENOSPC', /^ccf: cannot write releases\/\.ccf-release-journal\.json: no space left on device \(ENOSPC\)/],
    ['release:files-written', 'ENOSPC', /^ccf: cannot write releases\/1\.1\.0: no space left on device \(ENOSPC\)/],
    ['release:index', 'ENOSPC', /^ccf: cannot write releases\/index\.json: no space left on device \(ENOSPC\)/],
    ['release:index', 'EDQUOT', /^ccf: cannot write releases\/index\.json: disk quota exceeded \(EDQUOT\)/],
    ['release:index', 'EROFS', /^ccf: cannot write releases\/index\.json: read-only file system \(EROFS\)/],
    ['release:files-written', 'EACCES', /^ccf: cannot write releases\/1\.1\.0: permission denied \(EACCES\)/],
  ];
  it.each(cases)('at %s, %s is a clear error naming the path, exit 1, and nothing is left half-written', async (step, code, message) => {
    const before = { releases: fingerprint(releases()), index: readFileSync(join(releases(), 'index.json')) };
    const failed = await ccf(repo.dir, ['release', '1.1.0'], { CCF_TEST_FAILPOINT: `${step}=${code}` });
    expect(failed.err).toMatch(message);
    expect(failed.err).toMatch(/\nhint: /);
    expect(failed.code).toBe(1);
    expect(fingerprint(releases())).toEqual(before.releases);
    expect(readFileSync(join(releases(), 'index.json'))).toEqual(before.index);
    expect(existsSync(join(releases(), '1.1.0'))).toBe(false);

    // Once there is room again, the same command simply works.
    const again = await ccf(repo.dir, ['release', '1.1.0']);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(checkReleases(repo.dir)).toEqual(['1.0.0', '1.1.0']);
  });
});
