import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Snapshot } from '../src/index.js';
import { fixtures, loadSnapshot, memoryStore, release } from './helpers.js';

let snapshot: Snapshot;
let app: ReturnType<typeof createApp>;
let store: ReturnType<typeof memoryStore>;

beforeAll(async () => {
  const releases = [
    await release('1.0.0', { 'framework.json': '{"version":"1.0.0"}\n', 'clusters.csv': 'id,title\r\nhealth-science,Health Science\r\n' }),
  ];
  snapshot = await loadSnapshot(join(fixtures, 'basic'), releases);
  const old = await loadSnapshot(join(fixtures, 'basic'));
  old.framework.source = { label: '@1.0.0', kind: 'release' };
  store = memoryStore(snapshot, { '@1.0.0': old.framework });
  app = createApp(store);
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => Promise.resolve(app.request(path, { headers }));
const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

describe('pages', () => {
  it('overview: clusters with counts, cross-cutting marked, landmarks', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('<a href="/clusters/health-care">Healthcare &amp; Human Services</a>');
    expect(body).toMatch(/Digital Technology<\/a><span class="badge">cross-cutting<\/span>/);
    expect(body).toContain('2 Sub-Clusters · 3 occupations');
    expect(body).toMatch(/<main id="main">/);
    expect(body).toMatch(/<nav aria-label="Site">/);
    expect(body).toMatch(/<footer class="site">/);
    expect(body).toContain('<label class="sr-only" for="site-q">');
    expect(body).toContain('<html lang="en"');
    // The attribution is text, not markup.
    expect(body).toContain('Test attribution &lt;b&gt;not bold&lt;/b&gt;');
  });

  it('overview: clusters under their named groupings, a weak name marked, never "Grouping 04"', async () => {
    const named = await loadSnapshot(join(fixtures, 'basic'));
    const fw = named.framework;
    fw.meta.groupings = [
      { id: 'grouping-04', code: '04', title: 'Caring for Communities', provenance: { status: 'SECONDARY' } },
      {
        id: 'grouping-06',
        code: '06',
        title: 'Connecting & Supporting Success',
        provenance: { status: 'UNCERTAIN', note: 'App repositories only.' },
      },
    ];
    for (const c of fw.clusters) c.grouping = c.crossCutting ? 'grouping-06' : 'grouping-04';
    const body = await (await createApp(memoryStore(named)).request('/')).text();
    expect(body).toContain('<h3 id="g-grouping-04">Caring for Communities <span class="badge" title="">name secondary</span></h3>');
    expect(body).toContain(
      '<h3 id="g-grouping-06">Connecting &amp; Supporting Success <span class="badge weak" title="App repositories only.">name uncertain</span></h3>',
    );
    expect(body).toMatch(/g-grouping-06[\s\S]*Digital Technology<\/a><span class="badge">cross-cutting/);
    expect(body).not.toMatch(/Grouping 0\d/);
  });

  it('cluster page: definition, sub-clusters, lineage', async () => {
    const body = await (await get('/clusters/health-care')).text();
    expect(body).toContain('<h1>Healthcare &amp; Human Services</h1>');
    expect(body).toContain("<p>Care for people's health.</p>");
    expect(body).toContain('href="/clusters/health-care/nursing"');
    expect(body).toMatch(/Derived from<\/h3><ul><li><code>health-science<\/code>/);
  });

  it('sub-cluster page: occupations with SOC codes, lineage both ways', async () => {
    const body = await (await get('/clusters/health-care/nursing')).text();
    expect(body).toContain('<td><code>29-1141.00</code></td><td>Registered Nurses</td>');
    expect(body).toContain('<code>51.3801</code>');
    expect(body).toMatch(/Derived from<\/h3><ul><li><code>therapeutic-services<\/code> <span class="muted">\(an earlier version\)/);
    expect(body).toMatch(/Continued by<\/h3><ul><li><a href="\/clusters\/health-care\/therapy">Therapy &lt;img/);
    expect(body).toContain('<nav class="crumbs" aria-label="Breadcrumb">');
  });

  it('a sub-cluster under the wrong cluster, or an unknown one, is 404', async () => {
    expect((await get('/clusters/digital-technology/nursing')).status).toBe(404);
    expect((await get('/clusters/nope')).status).toBe(404);
    expect((await get('/clusters/nursing')).status).toBe(404);
    const res = await get('/no/such/page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Not found</h1>');
  });

  it('lint and releases pages', async () => {
    const lintPage = async (diagnostics: Snapshot['diagnostics']): Promise<string> =>
      (await createApp(memoryStore({ ...snapshot, diagnostics })).request('/lint')).text();
    expect(await lintPage([])).toContain('No problems found.');
    const page = await lintPage([
      {
        file: 'clusters/x/index.md',
        line: 2,
        column: 5,
        ruleId: 'some-rule',
        severity: 'warning',
        message: 'Unexpected <b>, expected text',
        note: 'Fix it.',
      },
    ]);
    expect(page).toContain('0 errors · 1 warning · 0 notes');
    expect(page).toContain(
      '<td><code>clusters/x/index.md:2:5</code></td><td class="sev-warning">warning</td><td>Unexpected &lt;b&gt;, expected text<br><span class="muted">Fix it.</span></td><td><code>some-rule</code></td>',
    );
    const releases = await (await get('/releases')).text();
    expect(releases).toContain('href="/api/v1/releases/1.0.0/clusters.csv"');
    expect(releases).toContain('href="/diff?from=@1.0.0"');
  });

  it('shows the diagnostics of a broken edit on every page while serving the last good content', async () => {
    const broken: Snapshot = {
      ...snapshot,
      generation: 2,
      problems: [
        {
          file: 'clusters/health-care/nursing.md',
          line: 3,
          column: 7,
          ruleId: 'yaml-syntax',
          severity: 'error',
          message: 'Unexpected `<oops>`, expected a value',
        },
      ],
    };
    const s = memoryStore(broken);
    const page = await (await createApp(s).request('/clusters/health-care')).text();
    expect(page).toContain('The latest edit does not load');
    expect(page).toContain('<code>clusters/health-care/nursing.md:3:7</code>');
    // Code as code, not literal backticks (issue 15).
    expect(page).toContain('Unexpected <code>&lt;oops&gt;</code>, expected a value');
    expect(page).toContain('<h1>Healthcare &amp; Human Services</h1>');
  });
});

describe('safety', () => {
  it('Markdown never brings a script, an event handler, a javascript: or data: URL into the page', async () => {
    const body = await (await get('/clusters/health-care/nursing')).text();
    expect(body).not.toMatch(/<script(?![^>]*src="\/assets\/)/i);
    expect(body).not.toContain('xss-script');
    expect(body).not.toMatch(/<[^>]*\sonerror=/i);
    expect(body).not.toContain('xss-onerror');
    expect(body).not.toMatch(/javascript:/i);
    expect(body).not.toMatch(/data:/i);
    expect(body).toContain('<a href="https://example.org/care">safe link</a>');
    // The definition's `#` sits under the page's h1 and h2.
    expect(body).toContain('<h3>A heading in the definition</h3>');
  });

  it('escapes titles everywhere', async () => {
    for (const path of ['/clusters/health-care/therapy', '/clusters/health-care', '/search?q=therapy']) {
      const body = await (await get(path)).text();
      expect(body, path).not.toContain('<img src=x');
      expect(body, path).toContain('Therapy &lt;img src=x onerror=alert(&#39;title&#39;)&gt;');
    }
  });

  it('escapes what the user typed', async () => {
    const body = await (await get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('sends secure headers and a CSP without inline scripts', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const body = await res.text();
    expect(body).not.toMatch(/<script>/);
    expect(body).not.toMatch(/ on[a-z]+=/);
    expect(body).not.toMatch(/ style=/);
  });

  it('refuses an unknown Host (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:8787', 'localhost.evil.example']) {
      const res = await app.request(`http://${host}/api/v1/clusters`);
      expect(res.status, host).toBe(421);
      expect(await json(res)).toEqual({ error: { code: 'bad-host', message: expect.stringContaining('Unexpected host') } });
    }
    for (const host of ['localhost:8787', '127.0.0.1:1', '[::1]:8787'])
      expect((await app.request(`http://${host}/`)).status, host).toBe(200);
    const open = createApp(store, { allowedHosts: '*' });
    expect((await open.request('http://anything.example/')).status).toBe(200);
  });

  it('answers GET and HEAD only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await app.request('/api/v1/clusters', { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect((await app.request('/api/v1/releases/1.0.0/clusters.csv', { method })).headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect((await json(res)).error).toMatchObject({ code: 'method-not-allowed' });
      const page = await app.request('/', { method });
      expect(page.status).toBe(405);
      expect(page.headers.get('allow')).toBe('GET, HEAD');
    }
    const head = await app.request('/api/v1/clusters', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBeTruthy();
    expect(await head.text()).toBe('');
  });

  it('refuses an overlong URL', async () => {
    const res = await get(`/search?q=${'a'.repeat(5000)}`);
    expect(res.status).toBe(414);
  });

  it('serves nothing outside the release files (.., %2e%2e, encoded slashes, absolute paths)', async () => {
    const attempts = [
      '/api/v1/releases/1.0.0/../../../package.json',
      '/api/v1/releases/1.0.0/%2e%2e/%2e%2e/package.json',
      '/api/v1/releases/1.0.0/%2e%2e%2f%2e%2e%2fpackage.json',
      '/api/v1/releases/1.0.0/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/v1/releases/1.0.0/%2Fetc%2Fpasswd',
      '/api/v1/releases/1.0.0//etc/passwd',
      '/api/v1/releases/1.0.0/..%5C..%5Cpackage.json',
      '/api/v1/releases/..%2F1.0.0/framework.json',
      '/api/v1/releases/1.0.0/.framework.json',
      '/api/v1/releases/1.0.0/framework.json%00',
      '/api/v1/releases/1.0.0/C:%5Cwindows%5Cwin.ini',
    ];
    for (const path of attempts) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect(text, path).not.toContain('"version":"1.0.0"');
      expect(text, path).not.toContain('root:');
    }
    // The URL parser resolves %2e%2e before routing: this is /api/v1/framework.json, not a file.
    const res = await get('/api/v1/releases/%2e%2e/framework.json');
    expect(res.url === '' || res.status === 200).toBe(true);
    expect(await json(res)).toMatchObject({ id: 'test-framework' });
  });

  it('validates versions in query strings like the CLI (400 JSON)', async () => {
    const cases: [string, string][] = [
      ['--upload-pack=touch%20x', 'bad-ref'],
      ['-x', 'bad-ref'],
      ['@1.0', 'bad-release'],
      ['@../1.0.0', 'bad-release'],
      ['..', 'bad-ref'],
      ['main..HEAD', 'bad-ref'],
      ['/etc', 'bad-ref'],
      ['a%00b', 'bad-ref'],
      ['a b', 'bad-ref'],
      ['x'.repeat(201), 'bad-version'],
    ];
    for (const [spec, code] of cases) {
      for (const path of [`/api/v1/diff?from=${spec}`, `/api/v1/diff?from=@1.0.0&to=${spec}`, `/api/v1/crosswalk?from=${spec}`]) {
        const res = await get(path);
        expect(res.status, path).toBe(400);
        expect((await json(res)).error, path).toMatchObject({ code });
      }
      const page = await get(`/diff?from=${spec}`);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('role="alert"');
    }
  });
});

describe('API', () => {
  it('framework: the whole tree with counts', async () => {
    const res = await get('/api/v1/framework');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await json(res);
    expect(body).toMatchObject({
      id: 'test-framework',
      version: '2.0.0',
      counts: { clusters: 2, subclusters: 3, occupations: 4, occupationLinks: 4 },
    });
    expect((body.clusters as { children: unknown[] }[])[0]!.children).toHaveLength(2);
  });

  it('clusters: summaries in order', async () => {
    const body = (await (await get('/api/v1/clusters')).json()) as {
      id: string;
      crossCutting: boolean;
      counts: unknown;
      subclusters: { id: string }[];
    }[];
    expect(body.map((c) => c.id)).toEqual(['health-care', 'digital-technology']);
    expect(body[1]).toMatchObject({ crossCutting: true, counts: { subclusters: 1, occupations: 1 } });
    expect(body[0]!.subclusters.map((s) => s.id)).toEqual(['nursing', 'therapy']);
  });

  it('clusters/{id} and nodes/{id}, with .json aliases', async () => {
    expect(await json(await get('/api/v1/clusters/health-care'))).toMatchObject({
      id: 'health-care',
      children: [{ id: 'nursing' }, { id: 'therapy' }],
    });
    expect(await json(await get('/api/v1/clusters/health-care.json'))).toMatchObject({ id: 'health-care' });
    const node = await json(await get('/api/v1/nodes/nursing'));
    expect(node).toMatchObject({
      id: 'nursing',
      parent: 'health-care',
      soc: [{ code: '29-1141.00', title: 'Registered Nurses' }, { code: '31-1131.00' }],
    });
    expect(node.lineage).toEqual({
      derivedFrom: [{ id: 'therapeutic-services', present: false }],
      continuedBy: [{ id: 'therapy', title: "Therapy <img src=x onerror=alert('title')>", parent: 'health-care', present: true }],
    });
    expect(await json(await get('/api/v1/framework.json'))).toMatchObject({ id: 'test-framework' });
  });

  it('404 JSON errors for unknown ids and paths', async () => {
    for (const path of [
      '/api/v1/clusters/nursing',
      '/api/v1/clusters/NOPE',
      '/api/v1/nodes/nope',
      '/api/v1/nope',
      '/api/v2/clusters',
      '/api/v1/releases/9.9.9/framework.json',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect((await json(res)).error, path).toMatchObject({ code: 'not-found', message: expect.stringMatching(/^Unexpected /) });
    }
  });

  it('search: titles, aliases, definitions, SOC codes and occupation titles', async () => {
    const ids = async (q: string): Promise<string[]> =>
      ((await json(await get(`/api/v1/search?q=${encodeURIComponent(q)}`))).results as { id: string }[]).map((r) => r.id);
    expect(await ids('registered nurses')).toEqual(['nursing']);
    expect(await ids('29-1141')).toEqual(['nursing']);
    expect(await ids('15-1252.00')).toEqual(['software']);
    expect(await ids('programming')).toEqual(['software']);
    expect(await ids('healthcare and human services')).toEqual(['health-care']);
    expect(await ids('Healthcare & Human')).toEqual(['health-care']);
    expect(await ids('recover movement')).toEqual(['therapy']);
    expect(await ids('zzz')).toEqual([]);
    // Title matches rank above definition matches.
    expect((await ids('nursing'))[0]).toBe('nursing');
    expect(await ids('nursing')).toContain('software');
    const body = await json(await get('/api/v1/search?q=physical+therapists'));
    expect(body.results).toEqual([
      expect.objectContaining({
        id: 'therapy',
        matched: expect.arrayContaining(['occupation']),
        occupations: [{ code: '29-1123.00', title: 'Physical Therapists' }],
      }),
    ]);
  });

  it('search: 400 without q or with one too long', async () => {
    expect((await get('/api/v1/search')).status).toBe(400);
    expect((await get('/api/v1/search?q=%20')).status).toBe(400);
    const res = await get(`/api/v1/search?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'query-too-long' });
    expect((await get(`/search?q=${'a'.repeat(201)}`)).status).toBe(400);
  });

  it('search page finds an occupation', async () => {
    const body = await (await get('/search?q=registered+nurses')).text();
    expect(body).toContain('1 result for “registered nurses”');
    expect(body).toContain('<li><code>29-1141.00</code> Registered Nurses</li>');
  });

  it('releases and release files: immutable, precomputed ETag', async () => {
    const list = (await (await get('/api/v1/releases')).json()) as { version: string; files: { name: string; etag: string }[] }[];
    expect(list.map((r) => r.version)).toEqual(['1.0.0']);
    const file = list[0]!.files.find((f) => f.name === 'framework.json')!;
    const res = await get('/api/v1/releases/1.0.0/framework.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBe(file.etag);
    expect(await res.text()).toBe('{"version":"1.0.0"}\n');
    const again = await get('/api/v1/releases/1.0.0/framework.json', { 'If-None-Match': file.etag });
    expect(again.status).toBe(304);
  });

  it('ETag on every document, 304 when it matches, computed once per snapshot', async () => {
    for (const path of [
      '/',
      '/clusters/health-care',
      '/api/v1/framework',
      '/api/v1/clusters',
      '/api/v1/nodes/nursing',
      '/api/v1/search?q=nurse',
      '/api/v1/openapi.json',
      '/assets/site.css',
    ]) {
      const res = await get(path);
      const etag = res.headers.get('etag');
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(res.headers.get('cache-control'), path).toBeTruthy();
      const cached = await get(path, { 'If-None-Match': `W/"other", ${etag}` });
      expect(cached.status, path).toBe(304);
      expect(cached.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(cached.headers.get('etag'), path).toBe(etag);
      expect(await cached.text()).toBe('');
      expect((await get(path, { 'If-None-Match': '"stale"' })).status, path).toBe(200);
    }
  });

  it('a new snapshot gets new documents', async () => {
    const s = memoryStore(snapshot);
    const a = createApp(s);
    const before = (await a.request('/api/v1/framework')).headers.get('etag');
    const changed = await loadSnapshot(join(fixtures, 'basic'), [], 2);
    changed.framework.meta.version = '2.0.1';
    s.set(changed);
    const res = await a.request('/api/v1/framework', { headers: { 'If-None-Match': before! } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ version: '2.0.1' });
  });

  it('compresses with gzip when asked', async () => {
    const res = await get('/api/v1/framework', { 'Accept-Encoding': 'gzip, deflate' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/-gz"$/);
    const text = await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(JSON.parse(text)).toMatchObject({ id: 'test-framework' });
    expect((await get('/api/v1/framework', { 'If-None-Match': etag, 'Accept-Encoding': 'gzip' })).status).toBe(304);
    expect((await get('/api/v1/framework', { 'Accept-Encoding': 'gzip;q=0' })).headers.get('content-encoding')).toBeNull();
  });

  it("CORS for GET of release files only (the rest is this machine's work tree)", async () => {
    expect((await get('/api/v1/clusters', { Origin: 'https://consumer.example' })).headers.get('access-control-allow-origin')).toBeNull();
    const res = await get('/api/v1/releases/1.0.0/clusters.csv', { Origin: 'https://consumer.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
    const pre = await app.request('/api/v1/releases/1.0.0/clusters.csv', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://consumer.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
  });
});

describe('diff and crosswalk', () => {
  it('diff API and page', async () => {
    const res = await get('/api/v1/diff?from=@1.0.0');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ from: '@1.0.0', bump: 'major' });
    const page = await (await get('/diff?from=@1.0.0')).text();
    expect(page).toContain('<p class="summary">');
    expect(page).toContain('href="/api/v1/crosswalk?from=%401.0.0&amp;format=csv"');
    const form = await (await get('/diff')).text();
    expect(form).toContain('<label for="from">From</label>');
    expect(form).toContain('<option value="@1.0.0"></option>');
  });

  it('unknown versions are 404, missing from is 400', async () => {
    const res = await get('/api/v1/diff?from=@9.9.9');
    expect(res.status).toBe(404);
    expect((await json(res)).error).toMatchObject({ code: 'unknown-version' });
    expect((await get('/api/v1/diff')).status).toBe(400);
    expect((await get('/diff?from=@9.9.9')).status).toBe(404);
  });

  it('crosswalk as JSON, CSV and a filterable table', async () => {
    const body = await json(await get('/api/v1/crosswalk?from=@1.0.0'));
    expect((body.rows as unknown[]).length).toBe(5);
    const csv = await get('/api/v1/crosswalk?from=@1.0.0&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="crosswalk-1.0.0-basic.csv"');
    expect(await csv.text()).toMatch(/^fromId,toId,relation\r\n/);
    expect((await get('/api/v1/crosswalk?from=@1.0.0&format=xml')).status).toBe(400);
    const xlsx = await get('/api/v1/crosswalk?from=@1.0.0&format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="crosswalk-1.0.0-basic.xlsx"');
    expect([...new Uint8Array(await xlsx.arrayBuffer())]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const links = await (await get('/crosswalk?from=@1.0.0')).text();
    expect(links).toContain('href="/api/v1/crosswalk?from=%401.0.0&amp;format=xlsx" download>');
    expect(await (await get('/diff?from=@1.0.0')).text()).toContain('href="/api/v1/crosswalk?from=%401.0.0&amp;format=xlsx" download>');
    const page = await (await get('/crosswalk?from=@1.0.0&text=nurs')).text();
    expect(page).toContain('1 of 5 rows');
    const none = await (await get('/crosswalk?from=@1.0.0&relation=split')).text();
    expect(none).toContain('0 of 5 rows');
  });

  it('501 when the store cannot diff', async () => {
    const plain = createApp(memoryStore(snapshot, {}, false));
    const res = await plain.request('/api/v1/diff?from=@1.0.0');
    expect(res.status).toBe(501);
    expect((await json(res)).error).toMatchObject({ code: 'not-available' });
  });
});

describe('live reload', () => {
  it('has no event stream without a subscribable store', async () => {
    expect((await get('/_live')).status).toBe(404);
    expect(await (await get('/')).text()).not.toContain('live.js');
  });

  it('streams the generation, and again after a reload', async () => {
    const listeners: ((s: Snapshot) => void)[] = [];
    let current = snapshot;
    const live = createApp({
      snapshot: () => current,
      subscribe: (l) => (listeners.push(l), () => listeners.splice(listeners.indexOf(l), 1)),
    });
    const page = await (await live.request('/')).text();
    expect(page).toContain('data-live="/_live"');
    expect(page).toContain('<script src="/assets/live.js" defer></script>');
    const res = await live.request('/_live');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toBe('event: generation\ndata: 1\n\n');
    current = { ...snapshot, generation: 2 };
    listeners.forEach((l) => l(current));
    expect(dec.decode((await reader.read()).value)).toBe('event: generation\ndata: 2\n\n');
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(listeners).toHaveLength(0);
  });
});
