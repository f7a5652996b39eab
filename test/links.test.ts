// Issue 13 part 6: `baseUrl` in content/framework.md is the one source of every absolute URL ccf publishes, and each
// of those URLs names a path of siteRoutes() (what `ccf serve` / `ccf build-site` answer). Fetching each from the
// built site comes with the CASE provider (ADR 0016).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASE_URL, matchSiteUrl, siteRoutes, type Framework, type LoadResult } from '@ccf/core';
import { directorySource, loadFramework, openSource } from '@ccf/core/node';
import { diffFrameworks, renderCrosswalkSssom } from '@ccf/diff';
import { lint, lintBaseUrl, report as renderReport } from '@ccf/lint';
import { buildRelease } from '@ccf/publish';
import { afterAll, describe, expect, it } from 'vitest';

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

function releaseTexts(framework: Framework, options: { earlier: Framework[]; baseUrl?: string }): string[] {
  const files = buildRelease(framework, { toolVersion: '0.0.0', ...options });
  return [...files.values()].map((bytes) => decoder.decode(bytes));
}

describe('every absolute URL ccf publishes is under baseUrl and names a path the site serves', () => {
  it('content/framework.md names a real https home, not a placeholder', () => {
    expect(baseUrl).toMatch(/^https:\/\//);
    expect(new URL(baseUrl).hostname).not.toMatch(/(?:^|\.)example\.(?:org|com|net)$/);
  });

  it('a release of content/ (2024 edition): case.json, framework.json, manifest, datapackage, CSVs', () => {
    const texts = releaseTexts(content.framework, { earlier: [release1] });
    const urls = ownUrls(texts);
    expectServed(urls, baseUrl);
    // Each kind of link is there: the test would pass vacuously otherwise.
    const routes = new Set(urls.map((u) => matchSiteUrl(u, baseUrl)!.route.name));
    expect([...routes].sort()).toEqual(['case', 'home', 'published-schema']);
  });

  it('a release of the 2002 edition (@1.0.0, whose framework.md named a placeholder) on the same site', () => {
    expect(release1.meta.baseUrl).toMatch(/example\.org/);
    expectServed(ownUrls(releaseTexts(release1, { earlier: [], baseUrl })), baseUrl);
  });

  it('the SSSOM crosswalk from 1.0.0', () => {
    const sssom = renderCrosswalkSssom(diffFrameworks(release1, content.framework));
    const urls = ownUrls([sssom]);
    expectServed(urls, baseUrl);
    expect(new Set(urls.map((u) => matchSiteUrl(u, baseUrl)!.route.name))).toEqual(new Set(['node-index', 'release', 'crosswalk']));
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
