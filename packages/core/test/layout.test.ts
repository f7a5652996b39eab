import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmp, type Diagnostic } from '../src/index.js';
import { directorySource, gitSource } from '../src/node.js';
import { gitRepo } from '../src/testing/git-repo.js';

const byFile = (ds: Diagnostic[]): Diagnostic[] => [...ds].sort((a, b) => cmp(a.file, b.file));

describe('content-folder layout', () => {
  it('a folder on disk and the same tree in git list the same files and the same problems', async () => {
    const r = await gitRepo({
      // A folder named framework.md: the git source used to skip it without a word.
      'content/framework.md/x.md': 'x',
      'content/clusters/alpha/index.md': 'x',
      'content/clusters/alpha/sub.md': 'x',
      'content/clusters/alpha/readme.txt': 'not read',
      'content/clusters/alpha/nested/deep/y.md': 'x',
      'content/clusters/alpha/folder.md/z.md': 'x',
      'content/clusters/stray.md': 'x',
      'content/clusters/notes.txt': 'not read',
      'content/docs/guide.md': 'not read',
      'outside/clusters/beta/index.md': 'not content',
    });
    try {
      symlinkSync('/etc/passwd', join(r.dir, 'content/clusters/alpha/link.md'));
      symlinkSync('../../outside/clusters/beta', join(r.dir, 'content/clusters/linked'));
      symlinkSync('/etc', join(r.dir, 'content/clusters/alpha/etc'));
      await r.commit({});
      const disk = await directorySource(join(r.dir, 'content')).list();
      const git = await gitSource({ repo: r.dir, ref: 'HEAD', contentDir: 'content' }).list();

      expect(disk.entries.map((e) => e.path).sort(cmp)).toEqual(['clusters/alpha/index.md', 'clusters/alpha/sub.md']);
      expect(git.entries.map((e) => e.path)).toEqual(['clusters/alpha/index.md', 'clusters/alpha/sub.md']);
      expect(byFile(disk.diagnostics).map((d) => [d.file, d.ruleId])).toEqual([
        ['clusters/alpha/folder.md', 'not-a-file'],
        ['clusters/alpha/link.md', 'symlink'],
        ['clusters/alpha/nested', 'unexpected-file'],
        ['clusters/linked', 'symlink'],
        ['clusters/stray.md', 'unexpected-file'],
        ['framework.md', 'not-a-file'],
      ]);
      expect(byFile(git.diagnostics)).toEqual(byFile(disk.diagnostics));
    } finally {
      await r.cleanup();
    }
  });
});
