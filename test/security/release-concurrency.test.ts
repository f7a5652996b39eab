// Two `ccf release` runs at once (two maintainers, or a CI job and a person) both read releases/index.json, and
// without a lock the second rename drops the first one's entry: a release folder the index does not pin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ccf, ccfProcess, checkReleases, content, contentRepo, type GitRepo, type Run } from './helpers.js';

let repo: GitRepo;
beforeEach(async () => {
  repo = await contentRepo('1.0.0');
  repo.git(['tag', 'v1']);
  await repo.commit(content('1.1.0'), 'content 1.1.0');
  repo.git(['tag', 'v2']);
});
afterEach(() => repo.cleanup());

/** Each run either released or was refused with a one-line reason; the index lists exactly the releases made. */
function settled(runs: [string, Run][]): void {
  for (const [, r] of runs) {
    expect(r.err).not.toMatch(/internal error/);
    if (r.code !== 0) {
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^ccf: Unexpected version 1\.0\.0, expected a version after 1\.1\.0 \(the latest release\)$/m);
    }
  }
  const made = runs.filter(([, r]) => r.code === 0).map(([v]) => v);
  expect(made.length).toBeGreaterThan(0);
  expect(checkReleases(repo.dir)).toEqual(made.sort());
}

describe('concurrent releases', () => {
  it('of two versions in one process: both end up in the index, or the later-sorting one wins and the other is refused', async () => {
    const [a, b] = await Promise.all([
      ccf(repo.dir, ['release', '1.0.0', '--from', 'v1']),
      ccf(repo.dir, ['release', '1.1.0', '--from', 'v2']),
    ]);
    settled([
      ['1.0.0', a],
      ['1.1.0', b],
    ]);
  });

  it('of two versions in two processes: the same, through the lock file', async () => {
    const [a, b] = await Promise.all([
      ccfProcess(repo.dir, ['release', '1.0.0', '--from', 'v1']),
      ccfProcess(repo.dir, ['release', '1.1.0', '--from', 'v2']),
    ]);
    settled([
      ['1.0.0', a],
      ['1.1.0', b],
    ]);
  });
});
