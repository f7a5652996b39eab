// The release feeds and versions.json of `ccf serve` / `ccf build-site`, made from the committed releases/ and read
// back with a maintained feed parser.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, type ReleaseIndex } from '@ccf/core';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, sitePaths } from '../src/index.js';
import { createNodeStore, readReleaseHistory, type NodeStore } from '../src/node.js';
import { fixtures } from './helpers.js';

const repoRoot = join(import.meta.dirname, '../../..');
const index = JSON.parse(readFileSync(join(repoRoot, 'releases/index.json'), 'utf8')) as ReleaseIndex;
/** The committed releases, newest version first (a feed's order), so a new release does not change the test. */
const newestFirst = index.releases.map((r) => r.version).sort((a, b) => compareVersions(b, a));

describe('release feeds over the committed releases', () => {
  let store: NodeStore;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    store = await createNodeStore({ repoRoot });
    app = createApp(store);
  }, 120_000);
  afterAll(() => store?.close());

  it('/api/v1/releases.atom: one entry per release with its counts by change kind and its links', async () => {
    const res = await app.request('/api/v1/releases.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseFeed(await res.text());
    const base = store.snapshot().framework.meta.baseUrl!.replace(/\/?$/, '/');
    expect(feed.items.map((i) => i.url)).toEqual(newestFirst.map((v) => `${base}releases/${v}`));
    const byVersion = new Map(feed.items.map((i) => [i.url!.split('/').at(-1)!, i]));
    // What `ccf diff @1.0.0 @2.0.0` finds: the 2002 → 2024 modernization.
    expect(byVersion.get('2.0.0')!.description).toBe(
      'Compared with 1.0.0: 9 added, 21 field-changed, 17 merged, 44 redefined, 110 renamed, 9 split (major bump).',
    );
    // 1.0.1 republished 1.0.0's content with corrected files.
    expect(byVersion.get('1.0.1')!.description).toBe('Compared with 1.0.0: no changes to the content.');
    expect(byVersion.get('1.0.0')!.description).toBe('First release: there is no earlier release to compare with.');
    for (const r of index.releases) {
      const item = byVersion.get(r.version)!;
      expect(item.updated?.toISOString()).toBe(new Date(r.date!).toISOString());
      expect(item.content).toContain(`${base}api/v1/releases/${r.version}/manifest.json`);
      if (r.previous) {
        expect(item.content).toContain(`${base}crosswalk/${r.previous}/${r.version}`);
        expect(item.content).toContain(`${base}api/v1/releases/${r.version}/CHANGELOG.md`);
      }
    }
    // Revalidation works like every other document.
    const again = await app.request('/api/v1/releases.atom', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  }, 120_000);

  it('/api/v1/feed.json and /api/v1/versions: the same releases, versions.json pinned by the index', async () => {
    const feed = (await (await app.request('/api/v1/feed.json')).json()) as { items: { _ccf: { version: string; changes: object } }[] };
    expect(feed.items.map((i) => i._ccf.version)).toEqual(newestFirst);
    const res = await app.request('/api/v1/versions');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const versions = (await res.json()) as {
      latest: string;
      versions: Record<string, { manifestSha256: string; date: string; commit: string; edition: string }>;
    };
    expect(versions.latest).toBe(index.latest);
    expect(Object.entries(versions.versions).map(([v, e]) => [v, e.date, e.commit, e.manifestSha256, e.edition])).toEqual(
      index.releases.map((r) => [r.version, r.date, r.commit, r.manifestSha256, r.edition]),
    );
    expect(await (await app.request('/api/v1/versions.json')).json()).toEqual(versions);
  }, 120_000);

  it('the static export writes the three files', () => {
    const files = sitePaths(store.snapshot()).map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(['api/v1/releases.atom', 'api/v1/feed.json', 'api/v1/versions.json']));
  });
});

describe('release history', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccf-history-'));
    await cp(join(repoRoot, 'releases'), join(dir, 'releases'), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('leaves out a release whose manifest is not the one the index pins, and has none without an index', async () => {
    // Break the latest release's manifest: it is left out, every other is listed (index order).
    await writeFile(join(dir, `releases/${index.latest}/manifest.json`), '{"files": []}\n');
    const history = await readReleaseHistory(join(dir, 'releases'));
    expect(history.releases.map((r) => r.entry.version)).toEqual(index.releases.map((r) => r.version).filter((v) => v !== index.latest));
    // The index's latest is not served, so it is not named.
    expect(history.latest).toBeUndefined();
    expect((await readReleaseHistory(join(dir, 'nothing'))).releases).toEqual([]);
  }, 120_000);

  it('a site without releases answers an empty feed', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ccf-nofeed-'));
    try {
      await cp(join(fixtures, 'basic'), join(tmp, 'content'), { recursive: true });
      const store = await createNodeStore({ repoRoot: tmp });
      const app = createApp(store);
      const feed = parseFeed(await (await app.request('/api/v1/releases.atom')).text());
      expect(feed.items).toEqual([]);
      expect(await (await app.request('/api/v1/versions')).json()).toMatchObject({ versions: {} });
      await store.close();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
