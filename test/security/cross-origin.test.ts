// A page the user happens to visit must not read, through `ccf serve` on their machine, the work tree, a git
// ref or anything else but the published release files. Scenarios: a foreign origin reading with CORS (old
// and new browsers), embedding without CORS, following a link, a CORS preflight, and DNS rebinding.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@ccf/server';
import { createNodeStore, hostsFor, listen, type NodeStore, type Running } from '@ccf/server/node';
import type { Hono } from 'hono';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedRepo } from './serve-helpers.js';

const ORIGIN = 'https://attacker.example';
const LOCAL = 'http://127.0.0.1:8787';

let repo: Awaited<ReturnType<typeof servedRepo>>;
let store: NodeStore;
let app: Hono;

beforeAll(async () => {
  repo = await servedRepo();
  store = await createNodeStore({ repoRoot: repo.dir, watch: true, log: () => {} });
  app = createApp(store, { allowedHosts: hostsFor('127.0.0.1') });
});
afterAll(async () => {
  await store?.close();
  await repo?.cleanup();
});

/** What a browser sends for a `fetch()` from a page of ORIGIN (`site`: its Sec-Fetch-Site; absent in older browsers). */
const corsFetch = (site?: string): Record<string, string> => ({
  Origin: ORIGIN,
  ...(site ? { 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' } : {}),
});
const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
  Promise.resolve(app.request(`${LOCAL}${path}`, { method, headers }));

// Everything that shows this machine's work tree or git refs, grouped by what it reads.
const workTree = [
  '/api/v1/framework',
  '/api/v1/clusters',
  '/api/v1/nodes/nursing',
  '/api/v1/lint',
  '/api/v1/releases',
  '/api/v1/openapi.json',
];
const gitRef = [
  '/api/v1/diff?from=main',
  '/api/v1/crosswalk?from=main',
  '/api/v1/crosswalk?from=main&format=csv',
  '/api/v1/diff?from=@1.0.0&to=main',
];
const search = ['/api/v1/search?q=nurse', '/search?q=nurse'];
const pages = ['/', '/lint', '/releases', '/clusters/health-care', '/diff?from=main', '/crosswalk?from=main', '/_live', '/assets/site.css'];
const all = [...workTree, ...gitRef, ...search, ...pages];

describe('a page of another origin', () => {
  it('gets no Access-Control-Allow-Origin on work-tree documents, git refs, diffs, search or pages (no Fetch Metadata)', async () => {
    for (const path of all) {
      if (path === '/_live') continue; // an open event stream: checked with Fetch Metadata below
      const res = await get(path, corsFetch());
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(res.headers.get('access-control-expose-headers'), path).toBeNull();
      await res.body?.cancel();
    }
  });

  it('is refused outright when the browser says the request is cross-site or same-site (Fetch Metadata)', async () => {
    for (const site of ['cross-site', 'same-site'])
      for (const path of all) {
        const res = await get(path, corsFetch(site));
        expect(res.status, `${site} ${path}`).toBe(403);
        expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
        if (path.startsWith('/api/')) expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross-site');
        else await res.body?.cancel();
      }
  });

  it('cannot embed what it cannot read: no-cors loads (<script>, <img>) are refused, and answers are same-origin only', async () => {
    for (const path of [...workTree, ...gitRef, '/']) {
      const res = await get(path, { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' });
      expect(res.status, path).toBe(403);
      await res.body?.cancel();
      const own = await get(path, { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' });
      expect(own.status, path).toBe(200);
      expect(own.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      await own.body?.cancel();
    }
  });

  it('may link to the preview, but not to a page that reads a git ref', async () => {
    const navigate = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
    for (const path of ['/', '/clusters/health-care', '/search?q=nurse', '/diff?from=@1.0.0'])
      expect((await get(path, navigate)).status, path).toBe(200);
    for (const path of [
      '/diff?from=main',
      '/diff?from=@1.0.0&to=main',
      '/crosswalk?from=HEAD~1',
      '/api/v1/crosswalk?from=@1.0.0&format=csv',
    ])
      expect((await get(path, navigate)).status, path).toBe(403);
    // Framed, it is not a navigation of the user's own tab.
    expect((await get('/', { ...navigate, 'Sec-Fetch-Dest': 'iframe' })).status).toBe(403);
    // The user typing the address or submitting the page's own form is fine.
    expect((await get('/diff?from=main', { ...navigate, 'Sec-Fetch-Site': 'none' })).status).toBe(200);
    expect((await get('/diff?from=main', { ...navigate, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it('gets no CORS preflight for anything but release files', async () => {
    const preflight = { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' };
    for (const path of [...workTree, ...gitRef, '/api/v1/search?q=nurse']) {
      const res = await get(path, preflight, 'OPTIONS');
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(res.headers.get('access-control-allow-methods'), path).toBeNull();
    }
  });
});

describe('published release files', () => {
  it('are readable by any site, with a preflight for revalidation; the release list beside them is not', async () => {
    const file = '/api/v1/releases/1.0.0/framework.json';
    for (const site of [undefined, 'cross-site']) {
      const res = await get(file, corsFetch(site));
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      await res.body?.cancel();
    }
    const pre = await get(
      file,
      { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
      'OPTIONS',
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(pre.headers.get('access-control-allow-headers')).toBe('if-none-match');

    const list = await get('/api/v1/releases', corsFetch());
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('DNS rebinding', () => {
  it('a foreign host name gets 421 and nothing readable, even on a release file', async () => {
    for (const path of ['/api/v1/releases/1.0.0/framework.json', '/api/v1/framework', '/api/v1/diff?from=main', '/']) {
      const res = await app.request(`http://attacker.example:8787${path}`, { headers: { Origin: 'http://attacker.example:8787' } });
      expect(res.status, path).toBe(421);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      const text = await res.text();
      expect(text, path).not.toContain('Nursing');
    }
    const pre = await app.request('http://attacker.example:8787/api/v1/releases/1.0.0/framework.json', {
      method: 'OPTIONS',
      headers: { Origin: 'http://attacker.example:8787', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBe(421);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// The same attack from a real page: a site on another origin (http://localhost:<port>) runs script against the
// preview on http://127.0.0.1:<port>. Needs Chromium, like the server's browser test (CCF_SKIP_BROWSER=1 skips).
const CHROMIUM = process.env.CCF_CHROMIUM ?? '/usr/bin/chromium';
describe.skipIf(process.env.CCF_SKIP_BROWSER === '1')('in a real browser (Chromium)', () => {
  let running: Running | undefined;
  let attacker: Server | undefined;
  let browser: BrowserContext | undefined;
  let userData: string | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium), point CCF_CHROMIUM at it, or set CCF_SKIP_BROWSER=1`,
      );
    running = await listen(app, { port: 0 });
    attacker = createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>attacker</title>'),
    );
    await new Promise<void>((done) => attacker!.listen(0, '127.0.0.1', done));
    userData = await mkdtemp(join(tmpdir(), 'ccf-chromium-'));
    browser = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await new Promise((done) => (attacker ? attacker.close(done) : done(undefined)));
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('a page of another origin cannot read the work tree or a git ref, and can read a release file', async () => {
    const page = await browser!.newPage();
    await page.goto(`http://localhost:${(attacker!.address() as AddressInfo).port}/`);
    const target = running!.url; // http://127.0.0.1:<port>/
    const results = await page.evaluate(async (base) => {
      const read = async (path: string): Promise<string> => {
        try {
          const res = await fetch(base + path.slice(1));
          return `read ${res.status} ${(await res.text()).slice(0, 20)}`;
        } catch {
          return 'blocked';
        }
      };
      const paths = ['/api/v1/framework', '/api/v1/lint', '/api/v1/diff?from=main', '/api/v1/search?q=nurse', '/diff?from=main', '/'];
      const out: Record<string, string> = {};
      for (const p of [...paths, '/api/v1/releases/1.0.0/manifest.json']) out[p] = await read(p);
      return out;
    }, target);
    for (const [path, result] of Object.entries(results))
      if (path.startsWith('/api/v1/releases/1.0.0/')) expect(result, path).toMatch(/^read 200 /);
      else expect(result, path).toBe('blocked');
    await page.close();
  }, 120_000);
});
