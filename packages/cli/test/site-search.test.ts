// Search on the static export: `ccf build-site` indexes the pages with Pagefind, and the export, served by a plain
// static file server (no ccf behind it), finds the sub-cluster of an occupation in a real browser, under the search
// page's own Content-Security-Policy. Chromium from Debian, as in the server's browser test.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './publish-helpers.js';

const CHROMIUM = process.env.CCF_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.CCF_SKIP_BROWSER === '1';
const repoRoot = new URL('../../../', import.meta.url).pathname;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

describe.skipIf(skip)('the static export searches without a server', () => {
  let dir: string;
  let site: string;
  let server: Server;
  let origin: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or CCF_SKIP_BROWSER=1`);
    dir = mkdtempSync(join(tmpdir(), 'ccf-site-search-'));
    cpSync(join(repoRoot, 'content'), join(dir, 'content'), { recursive: true });
    const r = await run(dir, ['build-site', '--out', 'site']);
    expect([r.code, r.err]).toEqual([0, '']);
    site = join(dir, 'site');
    // A plain file server, as a CDN or GitHub Pages: `/x` is x, else x.html, else x/index.html; no headers of ccf's.
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const hit = [path, `${path}.html`, `${path.replace(/\/?$/, '/')}index.html`]
        .map((p) => resolve(site, `.${p}`))
        .find((f) => f.startsWith(site + sep) && existsSync(f) && statSync(f).isFile());
      if (!hit) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': TYPES[extname(hit)] ?? 'application/octet-stream' }).end(readFileSync(hit));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((done) => server.close(done));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a Pagefind index of the clusters and sub-clusters', () => {
    expect(existsSync(join(site, 'pagefind/pagefind-ui.js'))).toBe(true);
    const entry = JSON.parse(readFileSync(join(site, 'pagefind/pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
    const nodes = readFileSync(join(site, 'api/v1/clusters.json'), 'utf8');
    const clusters = JSON.parse(nodes) as { subclusters: unknown[] }[];
    // Only the pages marked data-pagefind-body: one per cluster and sub-cluster, not the lint, diff or id pages.
    expect(pages).toBe(clusters.length + clusters.reduce((n, c) => n + c.subclusters.length, 0));
  });

  it('finds the sub-cluster of an occupation title from the header search box', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.getByLabel('Search the framework').fill('Nurse Practitioners');
    await page.getByLabel('Search the framework').press('Enter');
    await page.waitForURL(/\/search\?q=Nurse\+Practitioners$/);
    const first = page.locator('.pagefind-ui__result-link').first();
    await first.waitFor({ timeout: 60_000 });
    expect((await first.textContent())?.trim()).toBe('Physical Health');
    await first.click();
    await page.waitForURL(/\/clusters\/healthcare-human-services\/physical-health(\.html)?$/);
    expect((await page.locator('h1').textContent())?.trim()).toBe('Physical Health');
    expect(await page.getByRole('cell', { name: 'Nurse Practitioners', exact: true }).count()).toBe(1);
    // The search page's policy let Pagefind run: no CSP violation, no script error.
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
