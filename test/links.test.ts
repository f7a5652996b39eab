// Issue 13 part 6: `baseUrl` in content/framework.md is the one source of every absolute URL ccf publishes, and each
// of those URLs names a path of siteRoutes() (what `ccf serve` / `ccf build-site` answer). Fetching each from the
// built site comes with the CASE provider (ADR 0016).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_BASE_URL, matchSiteUrl, siteRoutes, type Framework, type LoadResult } from '@ccf/core';
import { directorySource, loadFramework, openSource } from '@ccf/core/node';
import { diffFrameworks, renderCrosswalkSssom } from '@ccf/diff';
import { lint, lintBaseUrl, report as renderReport } from '@ccf/lint';
import { buildRelease } from '@ccf/publish';
import { createApp, sitePaths, type Release, type Snapshot, type Store } from '@ccf/server';
import { createNodeStore } from '@ccf/server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = new URL('../', import.meta.url).pathname;
const decoder = new TextDecoder();

/** Third-party vocabularies and licences that published files rightly name: not ccf's to serve. */
const THIRD_PARTY = new Set([
  'creativecommons.org',
  'www.w3.org',
  'w3id.org',
  'json-schema.org',
  'datapackage.org',
  'json.schemastore.org',
  'docs.oasis-open.org',
  'raw.githubusercontent.com',
  // The code lists a sub-cluster links to (CASE isRelatedTo, ADR 0014): each code's page at the agency that keeps it.
  'www.onetonline.org',
  'nces.ed.gov',
  'www.census.gov',
  'data.bls.gov',
]);

/** Every absolute http(s) URL in a text, as written (JSON-escaped slashes undone). */
function urlsIn(text: string): string[] {
  return [...text.replaceAll('\\/', '/').matchAll(/https?:\/\/[^\s"'<>`)\]|\\]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
}

/** The URLs that must resolve on ccf's own site: every one not on a third-party host. */
function ownUrls(texts: Iterable<string>): string[] {
  return [...new Set([...texts].flatMap(urlsIn))].filter((u) => !THIRD_PARTY.has(new URL(u).hostname)).sort();
}

function expectServed(urls: string[], baseUrl: string): void {
  expect(urls.length).toBeGreaterThan(0);
  const stray = urls.filter((u) => !u.startsWith(baseUrl));
  expect(stray, `URLs not under ${baseUrl}`).toEqual([]);
  const unrouted = urls.filter((u) => matchSiteUrl(u, baseUrl) === undefined);
  expect(unrouted, 'URLs that name no route of siteRoutes()').toEqual([]);
}

const content = await loadFramework(directorySource(join(repoRoot, 'content')));
const baseUrl = content.framework.meta.baseUrl!;
const release1 = (await loadFramework(openSource('@1.0.0', { repoRoot }))).framework;

async function releaseTexts(framework: Framework, options: { earlier: Framework[]; baseUrl?: string }): Promise<string[]> {
  const files = await buildRelease(framework, { toolVersion: '0.0.0', ...options });
  return [...files.values()].map((bytes) => decoder.decode(bytes));
}

describe('every absolute URL ccf publishes is under baseUrl and names a path the site serves', () => {
  it('content/framework.md names a real https home, not a placeholder', () => {
    expect(baseUrl).toMatch(/^https:\/\//);
    expect(new URL(baseUrl).hostname).not.toMatch(/(?:^|\.)example\.(?:org|com|net)$/);
  });

  it('a release of content/ (2024 edition): case.json, framework.json, manifest, datapackage, CSVs', async () => {
    const texts = await releaseTexts(content.framework, { earlier: [release1] });
    const urls = ownUrls(texts);
    expectServed(urls, baseUrl);
    // Each kind of link is there: the test would pass vacuously otherwise.
    const routes = new Set(urls.map((u) => matchSiteUrl(u, baseUrl)!.route.name));
    expect([...routes].sort()).toEqual(['case', 'home', 'published-schema']);
  });

  it('a release of the 2002 edition (@1.0.0, whose framework.md named a placeholder) on the same site', async () => {
    expect(release1.meta.baseUrl).toMatch(/example\.org/);
    expectServed(ownUrls(await releaseTexts(release1, { earlier: [], baseUrl })), baseUrl);
  });

  it('the SSSOM crosswalk from 1.0.0', () => {
    const sssom = renderCrosswalkSssom(diffFrameworks(release1, content.framework));
    const urls = ownUrls([sssom]);
    expectServed(urls, baseUrl);
    expect(new Set(urls.map((u) => matchSiteUrl(u, baseUrl)!.route.name))).toEqual(new Set(['node-index', 'release-index', 'crosswalk']));
  });

  describe('lint output (JSON url, SARIF helpUri and informationUri)', () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    const report = (load: LoadResult): string[] => {
      const diagnostics = lint(load);
      expect(diagnostics.length).toBeGreaterThan(0);
      const baseUrl = lintBaseUrl(load);
      return [renderReport('json', diagnostics, { baseUrl }), renderReport('sarif', diagnostics, { baseUrl })];
    };

    it('on broken content with a readable framework.md: under its baseUrl', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccf-links-'));
      dirs.push(dir);
      cpSync(join(repoRoot, 'content'), dir, { recursive: true });
      writeFileSync(join(dir, 'clusters/advanced-manufacturing/broken.md'), '---\nid: Broken\ntitle: [\n---\n');
      const urls = ownUrls(report(await loadFramework(directorySource(dir))));
      expectServed(urls, baseUrl);
      expect(new Set(urls.map((u) => matchSiteUrl(u, baseUrl)!.route.name))).toEqual(new Set(['rule-doc', 'rule-index']));
    });

    it('on content whose framework.md cannot be read: under DEFAULT_BASE_URL, the documented fallback', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccf-links-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'framework.md'), '---\nid: [\n---\n');
      expectServed(ownUrls(report(await loadFramework(directorySource(dir)))), DEFAULT_BASE_URL);
    });
  });

  it('siteRoutes() lists each path once, relative to the base URL', () => {
    const patterns = siteRoutes().map((r) => r.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const p of patterns) expect(p).not.toMatch(/^\//);
    expect(matchSiteUrl(`${baseUrl}ims/case/v1p1/CFNope/x`, baseUrl)).toBeUndefined();
    expect(matchSiteUrl(`${baseUrl}docs/rules/../x`, baseUrl)).toBeUndefined();
  });
});

describe('no source names a placeholder host', () => {
  it('packages/*/src, schemas/ (not the vendored schemas/external/) and content/ name no example.org/.com URL', () => {
    let hits = '';
    try {
      hits = execFileSync(
        'git',
        [
          'grep',
          '-n',
          '-i',
          '-E',
          '://([a-z0-9.-]*\\.)?example\\.(org|com)\\b',
          '--',
          'packages/*/src/**',
          'schemas/**',
          'content/**',
          ':!schemas/external/**',
        ],
        { cwd: repoRoot, encoding: 'utf8' },
      );
    } catch (error) {
      // git grep exits 1 when nothing matches.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    expect(hits).toBe('');
  });
});

// The real check: every URL above is fetched from the site `ccf build-site` writes (createApp pre-rendered through
// sitePaths, as build-site does), served by a plain static file server that maps `/x` to `x`, else `x.html`, else
// `x/index.html` (GitHub Pages' rules). The site holds the committed releases and a fresh build of content/ released
// on top of them (its URLs name records only a release serves). The committed releases 1.0.0 and 2.0.0 name the
// placeholder host of their framework.md (`ccf.example.org`): they are never rewritten, so their URLs are fetched
// by their path under that host, which answers the same records; the host itself is theirs to lose.
describe('every absolute URL is fetched from the built site and answers 200', () => {
  let server: Server;
  let origin = '';
  let site = '';
  const collected = new Map<string, string>();

  beforeAll(async () => {
    const files = await buildRelease(content.framework, { toolVersion: '0.0.0', earlier: [release1], date: '2026-12-01T00:00:00Z' });
    const fresh: Release = {
      version: '9.0.0',
      files: [...files].map(([name, bytes]) => ({ name, bytes, etag: `"${name}"`, type: 'application/octet-stream' })),
    };
    // The store `ccf build-site` reads (with git and diffs, for the crosswalk pages), plus the fresh release.
    const nodeStore = await createNodeStore({ repoRoot, source: 'content' });
    const committed = nodeStore.snapshot().releases;
    const snapshot: Snapshot = { ...nodeStore.snapshot(), releases: [fresh, ...committed] };
    const store: Store = {
      snapshot: () => snapshot, // The fresh release is in memory only.
      open: async (spec) => (spec === '@9.0.0' ? { framework: content.framework } : nodeStore.open!(spec)),
      diff: (a, b) => nodeStore.diff!(a, b),
    };
    const app = createApp(store, { staticSite: true, allowedHosts: '*' });
    site = mkdtempSync(join(tmpdir(), 'ccf-site-'));
    for (const { path, file } of sitePaths(snapshot)) {
      const res = await app.request(`http://localhost${path}`);
      expect(res.status, path).toBe(200);
      mkdirSync(dirname(join(site, file)), { recursive: true });
      writeFileSync(join(site, file), new Uint8Array(await res.arrayBuffer()));
    }
    await nodeStore.close();
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const candidates = [path, `${path}.html`, `${path.replace(/\/?$/, '/')}index.html`].map((p) => join(site, p));
      const hit = candidates.find((f) => f.startsWith(site) && existsSync(f) && statSync(f).isFile());
      res.writeHead(hit ? 200 : 404).end(hit ? readFileSync(hit) : '');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (const text of [...files.values()].map((b) => decoder.decode(b)))
      for (const u of ownUrls([text])) collected.set(u, 'content/ release');
    for (const r of committed)
      for (const f of r.files) for (const u of ownUrls([decoder.decode(f.bytes)])) collected.set(u, `release ${r.version}`);
    const dir = mkdtempSync(join(tmpdir(), 'ccf-links-'));
    cpSync(join(repoRoot, 'content'), dir, { recursive: true });
    writeFileSync(join(dir, 'clusters/advanced-manufacturing/broken.md'), '---\nid: Broken\ntitle: [\n---\n');
    const broken = await loadFramework(directorySource(dir));
    const diagnostics = lint(broken);
    for (const format of ['json', 'sarif'] as const)
      for (const u of ownUrls([renderReport(format, diagnostics, { baseUrl: lintBaseUrl(broken) })])) collected.set(u, `lint ${format}`);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    if (server) await new Promise((done) => server.close(done));
    if (site) rmSync(site, { recursive: true, force: true });
  });

  it('release files, case.json uris, $schema and lint/SARIF docs links', async () => {
    const PLACEHOLDER = 'https://ccf.example.org/';
    const failed: string[] = [];
    const kinds = new Set<string>();
    for (const [url, from] of collected) {
      // Every URL is under the site's base, or (old releases only) under the placeholder host.
      const base = url.startsWith(baseUrl) ? baseUrl : url.startsWith(PLACEHOLDER) && from.startsWith('release ') ? PLACEHOLDER : undefined;
      if (!base) {
        failed.push(`${url} (${from}): not under ${baseUrl}`);
        continue;
      }
      const match = matchSiteUrl(url, base);
      if (match) kinds.add(match.route.name);
      const res = await fetch(`${origin}/${url.slice(base.length)}`);
      if (res.status !== 200) failed.push(`${url} (${from}): ${res.status}`);
    }
    // The 2002 edition's per-edition CFDocument, which a fresh build's lineage names, is held by release 1.0.1.
    expect(failed.sort()).toEqual([]);
    // Each kind of link was fetched: the test would pass vacuously otherwise.
    expect([...kinds].sort()).toEqual([
      'case',
      'crosswalk',
      'home',
      'node-index',
      'published-schema',
      'release',
      'release-index',
      'rule-doc',
      'rule-index',
    ]);
    expect(collected.size).toBeGreaterThan(500);
  });
});
