import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { markdownFacts, type LoadResult, type ParseCache } from '../src/index.js';
import * as markdown from '../src/markdown.js';
import { directorySource, diskCache, loadFramework, memoryCache, parseFile } from '../src/node.js';
import { decodeParsed, encodeParsed } from '../src/cache.js';
import { parseMany, PARALLEL_THRESHOLD } from '../src/workers.js';

// Counts Markdown parses (the facts module's own import of markdown.js goes through this mock).
vi.mock('../src/markdown.js', async (importOriginal) => {
  const actual = await importOriginal<typeof markdown>();
  return { ...actual, parseMarkdown: vi.fn(actual.parseMarkdown) };
});
const parses = markdown.parseMarkdown as unknown as { mock: { calls: unknown[] }; mockClear(): void };

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const realContent = join(repo, 'content');

interface Generator {
  corpusFiles(nodes: number): { files: Map<string, string> };
}
// The benchmark's generator (plain JS outside the packages), loaded by URL so TypeScript leaves it alone.
const generator = (): Promise<Generator> => import(pathToFileURL(join(repo, 'bench/generate.mjs')).href) as Promise<Generator>;

/** Everything a consumer of a load can see, as JSON: files (positions included), diagnostics, the tree. */
function snapshot(r: LoadResult): string {
  return JSON.stringify({
    files: r.files,
    orphans: r.orphans.map((f) => f.path),
    diagnostics: r.diagnostics,
    meta: r.framework.meta,
    clusters: r.framework.clusters,
    nodes: [...r.framework.nodes.keys()],
  });
}

async function writeTree(root: string, files: Map<string, string>): Promise<void> {
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** A cache that counts what it served, around another. */
function counting(inner: ParseCache): ParseCache & { hits: number } {
  const c = {
    hits: 0,
    get: (k: string, p: string) => {
      const f = inner.get(k, p);
      if (f) c.hits++;
      return f;
    },
    set: (k: string, p: string, f: Parameters<ParseCache['set']>[2]) => inner.set(k, p, f),
    alias: (a: string, k: string, p: string) => inner.alias?.(a, k, p),
    flush: () => inner.flush?.() ?? Promise.resolve(),
  };
  return c;
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ccf-cache-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('encodeParsed / decodeParsed', () => {
  it('round-trips every real content file exactly, positions included', async () => {
    const r = await loadFramework(directorySource(realContent));
    expect(r.files.length).toBeGreaterThan(10);
    for (const f of r.files) {
      const back = decodeParsed(encodeParsed(f));
      expect(back).toEqual(f);
      expect(JSON.stringify(back)).toBe(JSON.stringify(f));
    }
  });

  it('keeps bodies with every kind of character and files with diagnostics', () => {
    const files = [
      parseFile('clusters/a/b.md', '---\nid: b\ntitle: "x\\ty"\norder: 0\n---\n\nTabs\tand "quotes", \\ back\\slash, \u2028 and ® ✓ 😀\n'),
      parseFile('clusters/a/c.md', '---\nid: [unclosed\n---\nbody\n'),
      parseFile('clusters/a/d.md', 'no frontmatter'),
    ];
    for (const f of files) {
      const back = decodeParsed(encodeParsed(f));
      expect(back).toEqual(f);
      expect(back.positions).toEqual(f.positions);
    }
    expect(files[0]!.diagnostics.length).toBeGreaterThan(0);
  });

  it('refuses a damaged record rather than returning wrong data', () => {
    const text = encodeParsed(parseFile('clusters/a/b.md', '---\nid: b\n---\nbody\n'));
    expect(() => decodeParsed(text.slice(0, -1))).toThrow();
  });
});

describe('loadFramework with a cache gives what it gives without one', () => {
  it('on the real content: no cache, a cold disk cache and a warm one agree', async () => {
    const dir = join(tmp, 'real-cache');
    const plain = snapshot(await loadFramework(directorySource(realContent)));
    const cold = await loadFramework(directorySource(realContent), { cacheDir: dir });
    const warmCache = counting(diskCache(dir));
    const warm = await loadFramework(directorySource(realContent), { cache: warmCache });
    expect(snapshot(cold)).toBe(plain);
    expect(snapshot(warm)).toBe(plain);
    expect(warmCache.hits).toBe(warm.files.length);
  });

  it('on a generated corpus with broken files, and after one file changes', async () => {
    const { corpusFiles } = await generator();
    const files = corpusFiles(300).files;
    const root = join(tmp, 'gen');
    await writeTree(root, files);
    const content = join(root, 'content');
    const sub = [...files.keys()].find((p) => !p.endsWith('index.md') && p.includes('/clusters/'))!.replace('content/', '');
    // Diagnostics of every kind must come back from the cache with the same places.
    await writeFile(join(content, sub), (await readFile(join(content, sub), 'utf8')).replace(/^order: \d+$/m, 'order: zero\ntittle: x'));
    await writeFile(join(content, 'clusters', sub.split('/')[1]!, 'broken.md'), '---\nid: broken\ntitle: [unclosed\n---\n');
    const cacheDir = join(tmp, 'gen-cache');
    const source = () => directorySource(content, content, { racyMs: 0 });

    const plain = snapshot(await loadFramework(source()));
    expect(plain).toContain('"ruleId":"yaml-syntax"');
    const cold = await loadFramework(source(), { cacheDir });
    expect(snapshot(cold)).toBe(plain);
    const warm = counting(diskCache(cacheDir));
    expect(snapshot(await loadFramework(source(), { cache: warm }))).toBe(plain);
    expect(warm.hits).toBe(cold.files.length);

    // One edit (a different size, so even a coarse clock cannot hide it): only that file is parsed again.
    const other = [...files.keys()].filter((p) => p.endsWith('.md') && !p.endsWith('index.md'))[7]!.replace('content/', '');
    await writeFile(join(content, other), (await readFile(join(content, other), 'utf8')) + '\nOne more sentence.\n');
    const changedPlain = snapshot(await loadFramework(source()));
    expect(changedPlain).not.toBe(plain);
    const after = counting(diskCache(cacheDir));
    expect(snapshot(await loadFramework(source(), { cache: after }))).toBe(changedPlain);
    expect(after.hits).toBe(cold.files.length - 1);
  });

  it('finds touched but unchanged files by content, and survives a damaged shard', async () => {
    const root = join(tmp, 'touch');
    await writeTree(root, new Map([['framework.md', await readFile(join(realContent, 'framework.md'), 'utf8')]]));
    const cacheDir = join(tmp, 'touch-cache');
    const plain = snapshot(await loadFramework(directorySource(root)));
    await loadFramework(directorySource(root), { cacheDir });
    await writeFile(join(root, 'framework.md'), await readFile(join(root, 'framework.md')));
    const c = counting(diskCache(cacheDir));
    expect(snapshot(await loadFramework(directorySource(root), { cache: c }))).toBe(plain);
    expect(c.hits).toBe(1);

    const parseDir = join(cacheDir, (await readdir(cacheDir))[0]!);
    for (const shard of await readdir(parseDir)) await writeFile(join(parseDir, shard), '["framework.md",["x"],99999]\n{"not":');
    expect(snapshot(await loadFramework(directorySource(root), { cacheDir }))).toBe(plain);
  });

  it('shares parses between the two sides of a diff through a memory cache', async () => {
    const cache = counting(memoryCache());
    const a = await loadFramework(directorySource(realContent), { cache });
    const b = await loadFramework(directorySource(realContent), { cache });
    expect(snapshot(b)).toBe(snapshot(a));
    expect(cache.hits).toBe(a.files.length);
  });
});

describe('Markdown facts in the cache', () => {
  it('a warm run parses no Markdown: links, markup, budget and plain text come from the cache', async () => {
    const root = join(tmp, 'facts');
    const files = new Map([
      ['framework.md', await readFile(join(realContent, 'framework.md'), 'utf8')],
      ['clusters/a/index.md', '---\nid: a\ntitle: A\norder: 1\n---\n\nSee [b](b.md), [gone](gone.md) and <b>bold</b> `<i>`.\n'],
      ['clusters/a/b.md', `---\nid: b\ntitle: B\norder: 1\n---\n\n${'*'.repeat(70)} and [x](a.md)\n`],
      ['clusters/a/c.md', '---\nid: c\ntitle: C\norder: 2\n---\n\nPlain *words* only, two-part and don’t.\n'],
    ]);
    await writeTree(root, files);
    const cacheDir = join(tmp, 'facts-cache');
    const source = () => directorySource(root, root, { racyMs: 0 });
    const fresh = (await loadFramework(source())).files.map((f) => markdownFacts(f, { text: true }));
    parses.mockClear();
    await loadFramework(source(), { cacheDir, facts: 'text' });
    expect(parses.mock.calls.length).toBeGreaterThan(0);

    parses.mockClear();
    const warm = await loadFramework(source(), { cacheDir, facts: 'text' });
    const facts = warm.files.map((f) => markdownFacts(f, { text: true }));
    expect(parses.mock.calls.length).toBe(0);
    expect(JSON.stringify(facts)).toBe(JSON.stringify(fresh));
    const a = facts[warm.files.findIndex((f) => f.path === 'clusters/a/index.md')]!;
    expect(a.nodes.map((n) => [n.type, n.url ?? n.value, n.range.line])).toEqual([
      ['link', 'b.md', 7],
      ['link', 'gone.md', 7],
      ['html', '<b>', 7],
      ['html', '</b>', 7],
      ['inlineCode', '<i>', 7],
    ]);
    expect(facts[warm.files.findIndex((f) => f.path === 'clusters/a/b.md')]!.overBudget).toMatchObject({ line: 7, column: 1 });
    const c = facts[warm.files.findIndex((f) => f.path === 'clusters/a/c.md')]!;
    expect([c.text, c.words, c.nodes]).toEqual(['Plain words only, two-part and don’t.', 6, []]);
  });

  it('a record cached without facts gets them once, and keeps its other keys', async () => {
    const root = join(tmp, 'facts-later');
    await writeTree(root, new Map([['framework.md', await readFile(join(realContent, 'framework.md'), 'utf8')]]));
    const cacheDir = join(tmp, 'facts-later-cache');
    const source = () => directorySource(root, root, { racyMs: 0 });
    await loadFramework(source(), { cacheDir });
    await loadFramework(source(), { cacheDir, facts: 'markup' });
    parses.mockClear();
    const c = counting(diskCache(cacheDir));
    const warm = await loadFramework(source(), { cache: c, facts: 'markup' });
    markdownFacts(warm.files[0]!);
    expect(parses.mock.calls.length).toBe(0);
    expect(c.hits).toBe(1);
  });
});

describe('parseMany', () => {
  it('gives the same files on worker threads as on this one', async () => {
    const { corpusFiles } = await generator();
    const jobs = [...corpusFiles(PARALLEL_THRESHOLD + 300).files].map(([path, text]) => ({
      path: path.replace('content/', ''),
      bytes: new TextEncoder().encode(text),
    }));
    expect(jobs.length).toBeGreaterThanOrEqual(PARALLEL_THRESHOLD);
    const inline = await parseMany(jobs, 1);
    const threaded = await parseMany(jobs, 2, 'markup');
    expect(threaded.map((f) => f.path)).toEqual(jobs.map((j) => j.path));
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inline));
    // The workers computed the facts (both cores): the main thread only decodes them, and they are the ones this
    // thread computes (checked on a sample: the whole corpus twice over outlasts the hang guard on a loaded machine).
    parses.mockClear();
    const facts = threaded.map((f) => markdownFacts(f));
    expect(parses.mock.calls.length).toBe(0);
    expect(facts.some((f) => f.nodes.length > 0)).toBe(true);
    const sample = inline.slice(0, 300);
    expect(JSON.stringify(facts.slice(0, 300))).toBe(JSON.stringify(sample.map((f) => markdownFacts(f))));
  }, 120_000);
});
