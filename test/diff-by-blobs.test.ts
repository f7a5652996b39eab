import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileSource, SourceEntry } from '@ccf/core';
import { directorySource, gitSource, loadFramework, loadFrameworkPair, memoryCache, releaseSource } from '@ccf/core/node';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { diffFrameworks, renderChangeSetJson } from '@ccf/diff';

// `ccf diff` between two git refs reads and parses only the blobs that differ (loadFrameworkPair); the change set
// must be byte for byte the one the full path (each version loaded on its own) gives.

const root = fileURLToPath(new URL('..', import.meta.url));

/** The change set of the full path: each version loaded alone, nothing shared. */
async function full(a: FileSource, b: FileSource): Promise<string> {
  const from = await loadFramework(a);
  const to = await loadFramework(b);
  return renderChangeSetJson(diffFrameworks(from.framework, to.framework));
}

/** The change set of the fast path, with the files it read from the second version. */
async function fast(a: FileSource, b: FileSource): Promise<{ json: string; read: string[]; shared: number; diagnostics: string }> {
  const read: string[] = [];
  const spy: FileSource = {
    ...b,
    read: (entries: SourceEntry[]) => {
      read.push(...entries.map((e) => e.path));
      return b.read(entries);
    },
  };
  const pair = await loadFrameworkPair(a, spy, { cache: memoryCache() });
  const alone = [await loadFramework(a), await loadFramework(b)];
  // Diagnostics of each version are the same as when it is loaded alone.
  expect(JSON.stringify([pair.from.diagnostics, pair.to.diagnostics])).toBe(JSON.stringify(alone.map((x) => x.diagnostics)));
  return {
    json: renderChangeSetJson(diffFrameworks(pair.from.framework, pair.to.framework)),
    read: read.sort(),
    shared: pair.shared,
    diagnostics: JSON.stringify(pair.to.diagnostics),
  };
}

/** Paths under content/ that differ between two commits, as git names them. */
function changed(repo: (args: string[]) => string, a: string, b: string, kept = false): string[] {
  return repo(['diff-tree', '-r', '--no-renames', '--name-only', ...(kept ? ['--diff-filter=d'] : []), a, b, '--', 'content/'])
    .split('\n')
    .filter(Boolean)
    .map((p) => p.slice('content/'.length))
    .sort();
}

describe('diff by changed blobs, on this repository’s history', () => {
  it('a release on one side falls back to loading each version whole, with the same result', async () => {
    const release = releaseSource(join(root, 'releases', '2.0.0'), '@2.0.0');
    const to = source('2ec396a52535d39c9d8a5d97c9f7c06d62eabfbf');
    const a = await loadFramework(release);
    const b = await loadFramework(to);
    const pair = await loadFrameworkPair(release, to, { cache: memoryCache() });
    expect(pair.shared).toBe(0);
    expect(renderChangeSetJson(diffFrameworks(pair.from.framework, pair.to.framework))).toBe(
      renderChangeSetJson(diffFrameworks(a.framework, b.framework)),
    );
  });

  const git = (args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const source = (ref: string): FileSource => gitSource({ repo: root, ref, contentDir: 'content' });
  // 1.0.0 (and 1.0.1) → 2.0.0 → 2.1.0, and 1.0.0 → the newest commit of content/.
  const head = (): string => git(['log', '-1', '--format=%H', '--', 'content']).trim();
  const pairs: [string, string | (() => string)][] = [
    ['643093a4a0bc8b959cb41e2c20d04c0e54478eec', 'aee8e9a78d94c693e1a2222649f2999067ede5b1'],
    ['aee8e9a78d94c693e1a2222649f2999067ede5b1', '2ec396a52535d39c9d8a5d97c9f7c06d62eabfbf'],
    ['643093a4a0bc8b959cb41e2c20d04c0e54478eec', head],
    ['2ec396a52535d39c9d8a5d97c9f7c06d62eabfbf', head],
  ];
  for (const [a, bRef] of pairs)
    it(`${a.slice(0, 7)} → ${typeof bRef === 'string' ? bRef.slice(0, 7) : 'HEAD content'}: the same change set, only changed blobs read`, async () => {
      const b = typeof bRef === 'string' ? bRef : bRef();
      const expected = await full(source(a), source(b));
      const got = await fast(source(a), source(b));
      expect(got.json).toBe(expected);
      const diff = new Set(changed(git, a, b));
      // Every file read from the second version is one git names as changed.
      expect(got.read.filter((p) => !diff.has(p))).toEqual([]);
    });
});

const fm = (data: Record<string, unknown>, body: string): string =>
  `---\n${Object.entries(data)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n---\n\n${body}\n`;

/** A generated framework: 6 clusters × 8 sub-clusters with occupations and some lineage. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {
    'content/framework.md': fm(
      {
        id: 'gen',
        title: 'Generated',
        version: '1.0.0',
        edition: '2024',
        publisher: 'test',
        license: 'CC-BY-4.0',
        attribution: 'test',
        terms: { cluster: 'Career Cluster', subcluster: 'Sub-Cluster' },
      },
      'Intro.',
    ),
  };
  for (let c = 0; c < 6; c++) {
    files[`content/clusters/c${c}/index.md`] = fm(
      { id: `c${c}`, title: `Cluster ${c}`, order: c + 1, provenance: { status: 'VERIFIED' } },
      `Careers of cluster ${c}.`,
    );
    for (let s = 0; s < 8; s++)
      files[`content/clusters/c${c}/s${c}-${s}.md`] = fm(
        {
          id: `s${c}-${s}`,
          title: `Sub-cluster ${c}.${s}`,
          order: s + 1,
          provenance: { status: 'VERIFIED' },
          soc: [
            { code: `11-${1000 + c * 10 + s}.00`, title: 'One' },
            { code: `13-${2000 + c * 10 + s}.00`, title: 'Two' },
          ],
        },
        `Work in sub-cluster ${c}.${s}: planning, making and keeping things going, with [a link](../c${(c + 1) % 6}/index.md).`,
      );
  }
  return files;
}

describe('diff by changed blobs, on a generated corpus', () => {
  let repo: GitRepo;
  const commits: Record<string, string> = {};
  const base = corpus();
  beforeAll(async () => {
    repo = await gitRepo(base);
    commits.base = repo.git(['rev-parse', 'HEAD']).trim();
    const edit = async (name: string, files: Record<string, string | null>): Promise<void> => {
      repo.git(['checkout', '-q', '-B', name, commits.base!]);
      commits[name] = await repo.commit(files, name);
    };
    await edit('one-file', {
      'content/clusters/c2/s2-3.md': base['content/clusters/c2/s2-3.md']!.replace('planning, making', 'designing'),
    });
    // A file renamed: the node gets a new id that continues the old one.
    await edit('renamed-file', {
      'content/clusters/c1/s1-4.md': null,
      'content/clusters/c1/s1-new.md': base['content/clusters/c1/s1-4.md']!.replace('id: "s1-4"', 'id: "s1-new"\nderivedFrom: ["s1-4"]'),
    });
    // A node moved to another cluster (its parent changes, its file and blob do not).
    await edit('moved', { 'content/clusters/c3/s3-1.md': null, 'content/clusters/c4/s3-1.md': base['content/clusters/c3/s3-1.md']! });
    await edit('deleted', { 'content/clusters/c5/s5-7.md': null });
    await edit('framework', {
      'content/framework.md': base['content/framework.md']!.replace(
        'version: "1.0.0"',
        'version: "2.0.0"\nretired: [{"id": "s0-0", "reason": "Gone."}]',
      ),
      'content/clusters/c0/s0-0.md': null,
    });
    // A cluster's title changes: every row under it names the new parent title, though their files are unchanged.
    await edit('parent-title', {
      'content/clusters/c2/index.md': base['content/clusters/c2/index.md']!.replace('Cluster 2', 'Cluster Two'),
    });
    // Two nodes merge into one of them, a split, and a broken file.
    await edit('lineage', {
      'content/clusters/c4/s4-0.md': base['content/clusters/c4/s4-0.md']!.replace('order: 1', 'order: 1\nderivedFrom: ["s4-1"]'),
      'content/clusters/c4/s4-1.md': null,
      'content/clusters/c4/s4-9.md': fm(
        {
          id: 's4-9',
          title: 'Split part',
          order: 9,
          provenance: { status: 'VERIFIED' },
          derivedFrom: ['s4-2'],
          soc: [{ code: '13-2042.00' }],
        },
        'A part.',
      ),
      'content/clusters/c1/s1-0.md': '---\nid: s1-0\ntitle: [unclosed\n---\nBroken.\n',
    });
  });
  afterAll(() => repo.cleanup());

  const source = (ref: string): FileSource => gitSource({ repo: repo.dir, ref, contentDir: 'content' });
  for (const name of ['one-file', 'renamed-file', 'moved', 'deleted', 'framework', 'parent-title', 'lineage'])
    it(`${name}: byte-identical change set, both directions; only the changed blobs read`, async () => {
      for (const [a, b] of [
        [commits.base!, commits[name]!],
        [commits[name]!, commits.base!],
      ] as const) {
        const expected = await full(source(a), source(b));
        const got = await fast(source(a), source(b));
        expect(got.json).toBe(expected);
        // Exactly the blobs added or changed in the second version.
        expect(got.read).toEqual(changed(repo.git, a, b, true));
        expect(got.shared).toBeGreaterThan(40);
      }
    });

  it('a folder on either side falls back to loading each version whole, with the same result', async () => {
    repo.git(['checkout', '-q', 'one-file']);
    const dir = directorySource(join(repo.dir, 'content'), 'work tree');
    const expected = await full(source(commits.base!), dir);
    const pair = await loadFrameworkPair(source(commits.base!), dir, { cache: memoryCache() });
    expect(pair.shared).toBe(0);
    expect(renderChangeSetJson(diffFrameworks(pair.from.framework, pair.to.framework))).toBe(expected);
    expect(expected).toContain('"redefined"');
  });
});
