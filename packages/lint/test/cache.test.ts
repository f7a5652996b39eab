import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { directorySource, diskCache, loadFramework, type LoadOptions } from '@ccf/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

interface Generator {
  corpusFiles(nodes: number): { files: Map<string, string> };
}
const generator = (): Promise<Generator> => import(pathToFileURL(join(repo, 'bench/generate.mjs')).href) as Promise<Generator>;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ccf-lint-cache-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The lint report of a folder, as bytes: loaded with no cache (facts computed by the rules), or through a cache. */
async function report(root: string, options: LoadOptions = {}): Promise<string> {
  return JSON.stringify(lint(await loadFramework(directorySource(root, root, { racyMs: 0 }), options)));
}

async function change(root: string, path: string, find: string | RegExp, replace: string): Promise<void> {
  const text = await readFile(join(root, path), 'utf8');
  const next = text.replace(find, replace);
  if (next === text) throw new Error(`fixture edit: ${String(find)} not in ${path}`);
  await writeFile(join(root, path), next);
}

describe('lint gives the same report with no cache, a cold cache, a warm one and after a one-file change', () => {
  it('on the real content', async () => {
    const content = join(repo, 'content');
    const cacheDir = join(tmp, 'real');
    const plain = await report(content);
    expect(await report(content, { cacheDir, facts: 'markup' })).toBe(plain);
    expect(await report(content, { cache: diskCache(cacheDir), facts: 'markup' })).toBe(plain);
  });

  it('on a generated corpus with broken files and broken links, a link added and removed warm', async () => {
    const { corpusFiles } = await generator();
    const files = corpusFiles(300).files;
    const root = join(tmp, 'gen');
    for (const [path, text] of files) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const content = join(root, 'content');
    const subs = [...files.keys()].filter((p) => p.includes('/clusters/') && !p.endsWith('index.md')).map((p) => p.replace('content/', ''));
    const [broken, unsafe, complex, yaml, later] = [subs[3]!, subs[11]!, subs[17]!, subs[23]!, subs[41]!];
    await change(content, broken, /\n$/, ' See [gone](gone.md) and [up](../../../x.md).\n');
    await change(content, unsafe, /\n$/, ' <b>raw</b> `<i>` [js](javascript:alert(1)) and &lt;script&gt;.\n');
    await change(content, complex, /\n$/, `\n\n${'*'.repeat(70)} [x](gone.md)\n`);
    await change(content, yaml, /^order: \d+$/m, 'order: zero\ntittle: x');
    await writeFile(join(content, dirname(yaml), 'broken.md'), '---\nid: broken\ntitle: [unclosed\n---\n');
    const cacheDir = join(tmp, 'gen-cache');
    const cached = (): LoadOptions => ({ cache: diskCache(cacheDir), facts: 'markup' });

    const plain = await report(content);
    for (const rule of ['link-resolves', 'no-unsafe-markup', 'markdown-too-complex', 'yaml-syntax', 'wrong-type', 'unknown-key'])
      expect(plain).toContain(`"ruleId":"${rule}"`);
    expect(await report(content, { cacheDir, facts: 'markup' })).toBe(plain);
    expect(await report(content, cached())).toBe(plain);

    // A broken link added to one file (a different size, so no clock hides it) is found warm.
    await change(content, later, /\n$/, ' See [nowhere](nowhere.md).\n');
    const added = await report(content);
    expect(added).toContain('nowhere.md');
    expect(await report(content, cached())).toBe(added);

    // And one removed is gone warm.
    await change(content, broken, ' See [gone](gone.md) and [up](../../../x.md).', '');
    const removed = await report(content);
    expect(removed).not.toContain('`gone.md`, a file');
    expect(await report(content, cached())).toBe(removed);
  });

  it('decodes the positions of a cached file only when a rule reports it', async () => {
    const { corpusFiles } = await generator();
    const files = corpusFiles(120).files;
    const root = join(tmp, 'positions');
    for (const [path, text] of files) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const content = join(root, 'content');
    const sub = [...files.keys()].filter((p) => p.includes('/clusters/') && !p.endsWith('index.md'))[5]!.replace('content/', '');
    await change(content, sub, /^order: \d+$/m, 'order: 1\nsoc:\n  - code: "11-1011.00"\n  - code: "11-1011.00"');
    const cacheDir = join(tmp, 'positions-cache');
    await loadFramework(directorySource(content, content, { racyMs: 0 }), { cacheDir, facts: 'markup' });
    const warm = await loadFramework(directorySource(content, content, { racyMs: 0 }), { cache: diskCache(cacheDir), facts: 'markup' });
    const reported = new Set(lint(warm).map((d) => d.file));
    expect(reported.size).toBeGreaterThan(0);
    // A cached record's positions are a getter until first read (decodeParsed): read means decoded.
    const decoded = warm.files.filter((f) => Object.getOwnPropertyDescriptor(f, 'positions')?.get === undefined).map((f) => f.path);
    expect(decoded.filter((p) => !reported.has(p))).toEqual([]);
  });
});
