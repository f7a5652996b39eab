import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseCache, ParsedFile } from '../src/index.js';
import { directorySource, gitSource, loadFramework, openSource, SourceError } from '../src/node.js';
import { refProblem } from '../src/ref.js';
import { commitDate, parseBatch } from '../src/sources/git.js';
import { gitEnv, gitRepo, type GitRepo } from '../src/testing/git-repo.js';

const framework = `---
id: fw
title: Test framework
version: "1.0.0"
edition: "2002"
publisher: test
license: CC-BY-4.0
attribution: test
terms:
  cluster: Career Cluster
  subcluster: Career Pathway
---

Intro.
`;
const cluster = (id: string, title: string, order = 1): string =>
  `---\nid: ${id}\ntitle: ${title}\norder: ${order}\nprovenance:\n  status: VERIFIED\n---\n\nDefinition of ${title}.\n`;
const sub = (id: string, title: string, order = 1): string =>
  `---\nid: ${id}\ntitle: ${title}\norder: ${order}\nprovenance:\n  status: VERIFIED\n---\n\nDefinition of ${title} — café ®.\n`;

const base = {
  'content/framework.md': framework,
  'content/clusters/alpha/index.md': cluster('alpha', 'Alpha'),
  'content/clusters/alpha/one.md': sub('one', 'One'),
  'content/clusters/alpha/two.md': sub('two', 'Two', 2),
  'README.md': 'not content\n',
};

let repo: GitRepo;
let first: string;
let second: string;

beforeAll(async () => {
  repo = await gitRepo(base);
  first = repo.git(['rev-parse', 'HEAD']).trim();
  second = await repo.commit({ 'content/clusters/alpha/two.md': sub('two', 'Two, renamed', 2), 'content/clusters/alpha/three.md': null });
  repo.git(['tag', 'v1', first]);
});
afterAll(() => repo.cleanup());

const open = (ref: string, trace?: (argv: string[]) => void) =>
  gitSource({ repo: repo.dir, ref, contentDir: 'content', ...(trace ? { trace } : {}) });

describe('gitSource', () => {
  it('reads the same framework as the directory holding that commit', async () => {
    const fromGit = await loadFramework(open('HEAD'));
    const fromDir = await loadFramework(directorySource(join(repo.dir, 'content')));
    expect(fromGit.diagnostics).toEqual([]);
    expect(fromGit.files.map((f) => [f.path, f.hash])).toEqual(fromDir.files.map((f) => [f.path, f.hash]));
    expect(fromGit.framework.clusters).toEqual(fromDir.framework.clusters);
    expect(fromGit.framework.nodes.get('one')?.definition).toBe('Definition of One — café ®.');
  });

  it('reads older commits by tag, SHA and HEAD~1, and fills commit and date', async () => {
    for (const ref of ['v1', first, 'HEAD~1', 'HEAD^', 'main~1']) {
      const load = await loadFramework(open(ref));
      expect(load.framework.nodes.get('two')?.title, ref).toBe('Two');
      expect(load.framework.source).toEqual({ label: ref, kind: 'git', commit: first, date: '2024-01-01T00:00:00+00:00' });
    }
    const head = await loadFramework(open('HEAD'));
    expect(head.framework.source.commit).toBe(second);
    expect(head.framework.source.date).toBe('2024-01-02T00:00:00+00:00');
  });

  it('never touches the work tree and reads committed content only', async () => {
    writeFileSync(join(repo.dir, 'content/clusters/alpha/one.md'), 'scribbled');
    const before = repo.git(['status', '--porcelain']);
    const load = await loadFramework(open('HEAD'));
    expect(load.framework.nodes.get('one')?.title).toBe('One');
    expect(repo.git(['status', '--porcelain'])).toBe(before);
    repo.git(['checkout', '--', 'content/clusters/alpha/one.md']);
  });

  it('works in a bare clone', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'ccf-bare-'));
    try {
      execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare], { env: gitEnv() });
      const load = await loadFramework(gitSource({ repo: bare, ref: 'HEAD~1', contentDir: 'content' }));
      expect([...load.framework.nodes.keys()]).toEqual(['alpha', 'one', 'two']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('parses an unchanged blob once across versions (cache keyed by blob SHA)', async () => {
    const store = new Map<string, ParsedFile>();
    const parsed: string[] = [];
    const cache: ParseCache = {
      get: (key, path) => store.get(`${key} ${path}`),
      set: (key, path, file) => {
        parsed.push(path);
        store.set(`${key} ${path}`, file);
      },
    };
    await loadFramework(open('HEAD~1'), { cache });
    expect(parsed).toHaveLength(4);
    parsed.length = 0;
    await loadFramework(open('HEAD'), { cache });
    expect(parsed).toEqual(['clusters/alpha/two.md']);
  });

  it('snapshots the git argv: the ref is verified once, only the SHA goes on', async () => {
    const argv: string[][] = [];
    await loadFramework(open('HEAD~1', (a) => argv.push(a)));
    const shown = argv.map((a) => a.map((x) => x.replace(first, '<sha>')).join(' '));
    expect(shown).toEqual([
      'git rev-parse --verify --quiet --end-of-options HEAD~1^{commit}',
      'git cat-file commit --end-of-options <sha>',
      'git ls-tree -r -z -l --full-tree --end-of-options <sha> -- content/',
      'git cat-file --batch',
    ]);
  });

  it('reports symlinks and stray folders like the directory source, and reads no file outside content/', async () => {
    const r = await gitRepo(base);
    try {
      symlinkSync('/etc/passwd', join(r.dir, 'content/clusters/alpha/link.md'));
      await r.commit({ 'content/clusters/alpha/nested/x.md': 'x', 'content/clusters/stray.md': 'x' });
      const load = await loadFramework(gitSource({ repo: r.dir, ref: 'HEAD', contentDir: 'content' }));
      expect(load.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([
        ['clusters/alpha/link.md', 'symlink'],
        ['clusters/alpha/nested', 'unexpected-file'],
        ['clusters/stray.md', 'unexpected-file'],
      ]);
      expect(load.files.map((f) => f.path)).not.toContain('clusters/alpha/link.md');
    } finally {
      await r.cleanup();
    }
  });

  it('an older commit without content yields an empty framework, not an error', async () => {
    const r = await gitRepo({ 'README.md': 'x' });
    try {
      await r.commit(base);
      const load = await loadFramework(gitSource({ repo: r.dir, ref: 'HEAD~1', contentDir: 'content' }));
      expect(load.framework.clusters).toEqual([]);
      expect(load.diagnostics.map((d) => d.ruleId)).toEqual(['framework-missing']);
    } finally {
      await r.cleanup();
    }
  });
});

describe('refs from users', () => {
  const hostile = [
    '--upload-pack=touch /tmp/ccf-pwned',
    '-c',
    '-cprotocol.ext.allow=always',
    '--output=/tmp/ccf-pwned',
    'HEAD;rm -rf /',
    'HEAD..main',
    'HEAD...main',
    'main..',
    '..',
    'HEAD@{1}',
    'HEAD:content/framework.md',
    'HEAD^{tree}',
    ':/message',
    '$(id)',
    '`id`',
    'a b',
    'HEAD\n--output=x',
    '',
    '.hidden',
    'refs//x',
    'x.lock',
    '/abs',
    'a'.repeat(300),
  ];
  it.each(hostile)('refuses %j before git runs', (ref) => {
    const argv: string[][] = [];
    expect(refProblem(ref)).toBeTypeOf('string');
    expect(() => open(ref, (a) => argv.push(a))).toThrow(SourceError);
    expect(argv).toEqual([]);
  });

  it.each(['main', 'origin/main', 'v1.0.0', 'release/2024-10', 'HEAD~1', 'HEAD^2', 'main~3^2', 'a1b2c3d', 'feature+x'])(
    'allows %j',
    (ref) => {
      expect(refProblem(ref)).toBeUndefined();
    },
  );

  it('an unknown ref is a SourceError after one rev-parse', async () => {
    const argv: string[][] = [];
    await expect(loadFramework(open('no-such-branch', (a) => argv.push(a)))).rejects.toThrow(/Unknown version `no-such-branch`/);
    expect(argv).toHaveLength(1);
    await expect(loadFramework(open('HEAD~99'))).rejects.toThrow(SourceError);
    await expect(loadFramework(open('0000000000000000000000000000000000000000'))).rejects.toThrow(SourceError);
  });

  it('a folder that is not a repository is a SourceError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccf-norepo-'));
    try {
      await expect(loadFramework(gitSource({ repo: dir, ref: 'HEAD', contentDir: 'content' }))).rejects.toThrow(/Not a git repository/);
      expect(() => gitSource({ repo: join(dir, 'missing'), ref: 'HEAD', contentDir: 'content' })).toThrow(SourceError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a content folder that could escape or become an option', () => {
    for (const contentDir of ['../x', '-x', '/etc', 'a/../b', ''])
      expect(() => gitSource({ repo: repo.dir, ref: 'HEAD', contentDir }), contentDir).toThrow(SourceError);
  });

  it('openSource sends what is not a folder or a release to git, checked', async () => {
    expect(() => openSource('--output=/tmp/x', { repoRoot: repo.dir })).toThrow(SourceError);
    const s = openSource('HEAD', { repoRoot: repo.dir });
    expect(s.info.kind).toBe('git');
    expect(openSource('content', { repoRoot: repo.dir }).info.kind).toBe('directory');
  });
});

describe('helpers', () => {
  it('parseBatch splits objects by byte size, not by characters', () => {
    const body = Buffer.from('é\n®');
    const out = Buffer.concat([Buffer.from(`${'a'.repeat(40)} blob ${body.length}\n`), body, Buffer.from(`\n${'b'.repeat(40)} missing\n`)]);
    const blobs = parseBatch(out);
    expect([...blobs.keys()]).toEqual(['a'.repeat(40)]);
    expect(Buffer.from(blobs.get('a'.repeat(40))!).toString()).toBe('é\n®');
  });
  it('commitDate keeps the committer offset', () => {
    expect(commitDate('tree x\ncommitter A <a@b> 1704067200 -0130\n\nmsg')).toBe('2023-12-31T22:30:00-01:30');
  });
});

describe('openSource', () => {
  it('a folder holding the content folder means that content folder', async () => {
    const r = await gitRepo(base);
    try {
      const a = await loadFramework(openSource('.', { repoRoot: r.dir, cwd: r.dir }));
      const b = await loadFramework(openSource('content', { repoRoot: r.dir, cwd: r.dir }));
      expect(a.diagnostics).toEqual([]);
      expect([...a.framework.nodes.keys()]).toEqual([...b.framework.nodes.keys()]);
      expect(a.framework.source.label).toBe('.');
    } finally {
      await r.cleanup();
    }
  });
});
