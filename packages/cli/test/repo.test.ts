import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../src/repo.js';

// One rule for every command (diff, crosswalk, lint --against, publish, release, serve, build-site).
describe('findRepoRoot', () => {
  let dir: string;
  const make = (...paths: string[]): void => {
    for (const p of paths) {
      mkdirSync(join(dir, p.endsWith('/') ? p : dirname(p)), { recursive: true });
      if (!p.endsWith('/')) writeFileSync(join(dir, p), '');
    }
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccf-root-'));
    make('repo/.git/', 'repo/content/clusters/a/', 'repo/releases/1.0.0/', 'repo/examples/state/content/', 'repo/tools/deep/');
    make('worktree/.git', 'worktree/sub/');
    make('bare.git/HEAD', 'bare.git/objects/', 'bare.git/refs/');
    make('plain/sub/', 'archive/content/', 'archive/sub/', 'odd/data/', 'odd/sub/');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the nearest folder up that is a git work tree (a .git folder or file) or a bare repository', () => {
    expect(findRepoRoot(join(dir, 'repo/tools/deep'))).toBe(join(dir, 'repo'));
    expect(findRepoRoot(join(dir, 'repo/content/clusters/a'))).toBe(join(dir, 'repo'));
    expect(findRepoRoot(join(dir, 'worktree/sub'))).toBe(join(dir, 'worktree'));
    expect(findRepoRoot(join(dir, 'bare.git'))).toBe(join(dir, 'bare.git'));
  });

  it('or holds the content folder, nearest first: a project inside a repository is its own root', () => {
    expect(findRepoRoot(join(dir, 'archive/sub'))).toBe(join(dir, 'archive'));
    expect(findRepoRoot(join(dir, 'repo/examples/state'))).toBe(join(dir, 'repo/examples/state'));
    expect(findRepoRoot(join(dir, 'odd/sub'), 'data')).toBe(join(dir, 'odd'));
  });

  it('is where it started when there is none', () => {
    expect(findRepoRoot(join(dir, 'plain/sub'))).toBe(join(dir, 'plain/sub'));
  });
});
