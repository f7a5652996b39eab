// `ccf publish --out` may write anywhere outside releases/, which only `ccf release` writes. A path that reaches
// releases/ through a symlinked parent must be refused like the plain path is: the check compares real paths.
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ccf, contentRepo, fingerprint, type GitRepo } from './helpers.js';

let repo: GitRepo;
let outside: string;
let before: { releases: Record<string, string>; release: Record<string, string> };

beforeAll(async () => {
  repo = await contentRepo('1.0.0');
  expect((await ccf(repo.dir, ['release', '1.0.0'])).code).toBe(0);
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'ccf-outside-')));
  symlinkSync(join(repo.dir, 'releases'), join(outside, 'to-releases'));
  symlinkSync(join(repo.dir, 'releases', '1.0.0'), join(outside, 'to-release'));
  symlinkSync(repo.dir, join(outside, 'to-repo'));
  before = { releases: fingerprint(join(repo.dir, 'releases')), release: fingerprint(join(repo.dir, 'releases', '1.0.0')) };
  return async () => {
    rmSync(outside, { recursive: true, force: true });
    await repo.cleanup();
  };
});

describe('publish --out', () => {
  it.each([
    ['a symlink to releases/', () => join(outside, 'to-releases', '9.9.9')],
    ['a symlink to a release folder', () => join(outside, 'to-release', 'extra')],
    ['a symlink to the repository', () => join(outside, 'to-repo', 'releases', '9.9.9')],
    ['a relative path with .. through a symlink to releases/', () => join('..', basename(outside), 'to-releases', 'x', '..', '9.9.9')],
  ])('through %s is refused, and releases/ is left as it was', async (_name, out) => {
    const r = await ccf(repo.dir, ['publish', '--out', out()]);
    expect(r.err).toMatch(/^ccf: Unexpected --out .* inside releases\/, expected a folder outside it\n/);
    expect(r.code).toBe(2);
    expect(fingerprint(join(repo.dir, 'releases'))).toEqual(before.releases);
    expect(fingerprint(join(repo.dir, 'releases', '1.0.0'))).toEqual(before.release);
    expect(existsSync(join(repo.dir, 'releases', '9.9.9'))).toBe(false);
  });

  it('still writes beside such a symlink, outside releases/', async () => {
    const r = await ccf(repo.dir, ['publish', '--out', join(outside, 'published')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(outside, 'published', 'manifest.json'))).toBe(true);
  });
});
