// A ccf run killed half-way leaves its temporary folders: the new output not yet renamed into place, or the old
// one set aside. The next run must remove them — but only names ccf made, of processes that have ended, and never
// a user's folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ccf, ccfProcess, checkReleases, content, contentRepo, type GitRepo } from './helpers.js';

let repo: GitRepo;
beforeEach(async () => {
  repo = await contentRepo('1.0.0');
});
afterEach(() => repo.cleanup());

const beside = (dir: string): string[] => readdirSync(dir).sort();
/** The id of a process that has ended. */
const deadPid = (): number =>
  Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));

describe('leftovers of killed runs', () => {
  it('publish killed before the rename: the next publish removes the temporary folder', async () => {
    const killed = await ccfProcess(repo.dir, ['publish', '--out', 'out/site'], { CCF_TEST_FAILPOINT: 'publish:files-written=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(beside(join(repo.dir, 'out'))).toEqual([expect.stringMatching(/^\.site\.ccf-tmp-\d+-[0-9a-f]{12}$/)]);

    expect((await ccf(repo.dir, ['publish', '--out', 'out/site'])).code).toBe(0);
    expect(beside(join(repo.dir, 'out'))).toEqual(['site']);
  });

  it('publish killed after setting the old output aside: the next publish removes both temporary folders', async () => {
    expect((await ccf(repo.dir, ['publish', '--out', 'out/site'])).code).toBe(0);
    const killed = await ccfProcess(repo.dir, ['publish', '--out', 'out/site'], { CCF_TEST_FAILPOINT: 'publish:old-aside=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(beside(join(repo.dir, 'out'))).toEqual([
      expect.stringMatching(/^\.site\.ccf-old-\d+-[0-9a-f]{12}$/),
      expect.stringMatching(/^\.site\.ccf-tmp-\d+-[0-9a-f]{12}$/),
    ]);

    expect((await ccf(repo.dir, ['publish', '--out', 'out/site'])).code).toBe(0);
    expect(beside(join(repo.dir, 'out'))).toEqual(['site']);
  });

  it('release killed before the rename: the next release removes the temporary folder from releases/', async () => {
    expect((await ccf(repo.dir, ['release', '1.0.0'])).code).toBe(0);
    await repo.commit(content('1.1.0'), 'content 1.1.0');
    const killed = await ccfProcess(repo.dir, ['release', '1.1.0'], { CCF_TEST_FAILPOINT: 'release:files-written=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(beside(join(repo.dir, 'releases'))).toContainEqual(expect.stringMatching(/^\.1\.1\.0\.ccf-tmp-\d+-[0-9a-f]{12}$/));

    expect((await ccf(repo.dir, ['release', '1.1.0'])).code).toBe(0);
    expect(checkReleases(repo.dir)).toEqual(['1.0.0', '1.1.0']);
  });

  it('keeps what is not a leftover: a user’s look-alike folders, and a running process’s temporary folder', async () => {
    const out = join(repo.dir, 'out');
    const dead = deadPid();
    const gone = `.site.ccf-tmp-${dead}-0123456789ab`;
    const keep = [
      '.site.tmp-abcdef', // the name older ccf versions used: no marker, no process
      `.site.ccf-tmp-${process.pid}-0123456789ab`, // a run that is still going (this one)
      `.site.ccf-old-${dead}-0123456789ab`, // ccf's pattern, but holds a folder: ccf never writes one
      'site.ccf-tmp-1-0123456789ab', // not hidden: not a name ccf makes
    ];
    for (const name of [gone, ...keep]) {
      mkdirSync(join(out, name), { recursive: true });
      writeFileSync(join(out, name, 'notes.txt'), 'mine');
    }
    mkdirSync(join(out, keep[2]!, 'photos'));

    expect((await ccf(repo.dir, ['publish', '--out', 'out/site'])).code).toBe(0);
    expect(beside(out)).toEqual([...keep, 'site'].sort());
    expect(existsSync(join(out, keep[2]!, 'photos'))).toBe(true);
  });
});
