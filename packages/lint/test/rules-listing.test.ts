import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSource } from '@ccf/core';
import { directorySource, loadFramework, loadOverlay } from '@ccf/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { writeTemp } from './disk.js';
import { baseFiles } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function lintDir(prepare: (dir: string) => Promise<void>) {
  const t = await writeTemp(baseFiles());
  cleanup = t.cleanup;
  await prepare(t.dir);
  return lint(await loadFramework(directorySource(t.dir)));
}

describe('symlink', () => {
  it('reports a link that leaves the content folder, and does not follow it', async () => {
    const d = await lintDir(async (dir) => {
      await symlink('/etc/passwd', join(dir, 'clusters/finance/secret.md'));
      await symlink('/etc', join(dir, 'clusters/etc'));
    });
    expect(d.filter((x) => x.ruleId === 'symlink').map((x) => [x.file, x.line, x.column])).toEqual([
      ['clusters/etc', 1, 1],
      ['clusters/finance/secret.md', 1, 1],
    ]);
    expect(d.some((x) => x.file.includes('secret') && x.ruleId !== 'symlink')).toBe(false);
  });
});

describe('not-a-file', () => {
  it('reports a folder named like a Markdown file', async () => {
    const d = await lintDir((dir) => mkdir(join(dir, 'clusters/finance/x.md')));
    expect(d.filter((x) => x.ruleId === 'not-a-file').map((x) => [x.file, x.line, x.column])).toEqual([['clusters/finance/x.md', 1, 1]]);
  });
});

describe('unexpected-file', () => {
  it('reports a Markdown file directly under clusters/ and a folder inside a cluster', async () => {
    const d = await lintDir(async (dir) => {
      await writeFile(join(dir, 'clusters/stray.md'), 'x');
      await mkdir(join(dir, 'clusters/finance/drafts'));
    });
    expect(d.filter((x) => x.ruleId === 'unexpected-file').map((x) => [x.file, x.line, x.column])).toEqual([
      ['clusters/finance/drafts', 1, 1],
      ['clusters/stray.md', 1, 1],
    ]);
  });
});

describe('unreadable', () => {
  it('reports a listed file the source could not read, and goes on', async () => {
    const t = await writeTemp(baseFiles());
    cleanup = t.cleanup;
    const real = directorySource(t.dir);
    const flaky: FileSource = {
      ...real,
      async read(entries) {
        const map = await real.read(entries);
        map.delete('clusters/finance/insurance.md');
        return map;
      },
    };
    const d = lint(await loadFramework(flaky));
    expect(d.map((x) => [x.file, x.ruleId, x.line, x.column])).toEqual([['clusters/finance/insurance.md', 'unreadable', 1, 1]]);
  });
});

describe('overlay-base', () => {
  it('reports an overlay whose base does not exist on `extends`, and resolves nothing', async () => {
    const t = await writeTemp({
      'framework.md': '---\nid: xs-test\ntitle: Test\nversion: "1.0.0"\nextends: "@9.9.9"\nstate:\n  code: XS\n  name: Test State\n---\n',
      'nodes/a.md': '---\nid: no-such-node\ntitle: A\n---\n',
    });
    cleanup = t.cleanup;
    const found = lint(await loadOverlay(t.dir, { repoRoot: t.dir }), {}, []);
    expect(found.map((d) => [d.ruleId, d.file, d.line, d.column, d.endColumn])).toEqual([['overlay-base', 'framework.md', 5, 10, 18]]);
    expect(found[0]!.message).toMatch(/^Unexpected base `@9\.9\.9` .*expected/);
  });
});
