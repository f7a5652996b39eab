// Lineage across releases on the real repository: the 2002 edition (releases 1.0.0, 1.0.1) and the 2024 one
// (2.0.0, 2.1.0, content/). Old ids never dead-end; pages name predecessors and successors by title (ADR 0019).
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { createNodeStore, type NodeStore } from '../src/node.js';

const repoRoot = join(import.meta.dirname, '../../..');
const get = (app: Hono, path: string): Promise<Response> => Promise.resolve(app.request(path, { headers: { Host: 'localhost' } }));
/** The lineage section of a page, without markup noise. */
const lineageOf = (html: string): string => {
  const at = html.indexOf('<section aria-labelledby="lineage-h">');
  return at < 0 ? '' : html.slice(at, html.indexOf('</section>', at));
};

describe('lineage across releases (the current content)', () => {
  let store: NodeStore;
  let app: Hono;
  beforeAll(async () => {
    store = await createNodeStore({ repoRoot, log: () => {} });
    app = createApp(store);
  }, 120_000);
  afterAll(() => store?.close());

  it('an id a later release replaced answers 410 Gone with its successors, shares and the release that replaced it', async () => {
    const res = await get(app, '/api/v1/nodes/government-public-administration');
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      error: { code: 'gone' },
      id: 'government-public-administration',
      type: 'cluster',
      title: 'Government & Public Administration',
      lastVersion: '1.0.1',
      replacedIn: '2.0.0',
    });
    expect(body['successors']).toEqual([
      expect.objectContaining({
        id: 'public-service-safety',
        title: 'Public Service & Safety',
        relation: 'merged',
        share: 0.8571,
        shareBasis: 'children',
        partial: true,
        primary: true,
        present: true,
        href: '/api/v1/nodes/public-service-safety',
      }),
      expect.objectContaining({ id: 'management-entrepreneurship', relation: 'split', share: 0.1429, primary: false }),
    ]);
    expect(body['reason']).toMatch(/VERIFIED/);

    // A 2002 pathway: its parent by title, its successor in the current content.
    const pathway = (await (await get(app, '/api/v1/nodes/banking-services')).json()) as Record<string, unknown>;
    expect(pathway).toMatchObject({ parent: 'finance', parentTitle: 'Finance', replacedIn: '2.0.0' });
    expect(pathway['successors']).toEqual([expect.objectContaining({ id: 'banking-credit', share: 1, parent: 'financial-services' })]);

    // An id no version ever held is still a plain 404.
    expect((await get(app, '/api/v1/nodes/no-such-node')).status).toBe(404);
  });

  it('the page of a replaced id answers HTML 410 with links to its successors; under another cluster it is a 404', async () => {
    const res = await get(app, '/clusters/finance/banking-services');
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('<h1>Banking Services <span class="badge retired">replaced</span></h1>');
    expect(html).toContain('Version 2.0.0 replaced it with:');
    expect(html).toContain('<a href="/clusters/financial-services/banking-credit">Banking &amp; Credit</a>');
    expect(html).toContain('href="/crosswalk?from=%401.0.1&amp;to=%402.0.0&amp;text=banking-services"');
    expect((await get(app, '/clusters/government-public-administration')).status).toBe(410);
    expect((await get(app, '/clusters/agriculture/banking-services')).status).toBe(404);
    expect((await get(app, '/clusters/banking-services')).status).toBe(404);
  });

  it('a 2024 page shows its 2002 predecessors by title, with links and the share that came to it', async () => {
    const html = lineageOf(await (await get(app, '/clusters/public-service-safety')).text());
    expect(html).toContain(
      '<li><a href="/clusters/government-public-administration">Government &amp; Public Administration</a> <code>government-public-administration</code> <span class="muted">(version 1.0.1; 86% of it came here)</span></li>',
    );
    const sub = lineageOf(await (await get(app, '/clusters/financial-services/banking-credit')).text());
    expect(sub).toContain('<a href="/clusters/finance/banking-services">Banking Services</a> <span class="muted">in Finance</span>');
    expect(sub).not.toContain('(an earlier version)');
  });
});

describe('the flow diagram on the diff page', () => {
  let store: NodeStore;
  let app: Hono;
  beforeAll(async () => {
    store = await createNodeStore({ repoRoot, log: () => {} });
    app = createApp(store);
  }, 120_000);
  afterAll(() => store?.close());

  it('is inline SVG made on the server, labelled, in its own scrolling box, with the same rows as a table; sub-clusters on demand', async () => {
    const res = await get(app, '/diff?from=@1.0.1&to=@2.0.0');
    expect(res.status).toBe(200);
    // The CSP stays strict: no inline style or script is needed for the diagram.
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self';/);
    const html = await res.text();
    expect(html).toContain('<div class="flow-wrap" role="region" aria-label="Flow diagram of Career Clusters" tabindex="0"><svg ');
    expect(html).toContain('<title id="flow-title">Career Clusters of version 1.0.1 → Career Clusters of version 2.0.0</title>');
    expect(html).toMatch(/<summary>The same flows as a table \(\d+ rows\)<\/summary>/);
    expect(html).toContain(
      '<tr><td>Government &amp; Public Administration</td><td>Public Service &amp; Safety</td><td>merged</td><td>86%</td></tr>',
    );
    expect(html).not.toMatch(/<script(?! src=)|\sstyle="/);
    expect(html).toContain('href="/diff?from=%401.0.1&amp;to=%402.0.0&amp;flow=subcluster#flow-h"');

    const subs = await (await get(app, '/diff?from=@1.0.1&to=@2.0.0&flow=subcluster')).text();
    expect(subs).toContain('<title id="flow-title">Career Pathways of version 1.0.1 → Sub-Clusters of version 2.0.0</title>');
    expect(subs).toContain('<h3 id="flow-h">Flow of Career Pathways → Sub-Clusters</h3>');
  });
});

describe('lineage across releases (ccf serve --source @1.0.0)', () => {
  let store: NodeStore;
  let app: Hono;
  beforeAll(async () => {
    store = await createNodeStore({ repoRoot, source: '@1.0.0', log: () => {} });
    app = createApp(store);
  }, 120_000);
  afterAll(() => store?.close());

  it('a 2002 page says where it went in 2.0.0, with shares, primary successor first', async () => {
    const html = lineageOf(await (await get(app, '/clusters/government-public-administration')).text());
    expect(html).toContain('<p>In version 2.0.0, by:</p>');
    expect(html).toMatch(
      /<li><a href="\/crosswalk\?from=%401\.0\.1&amp;to=%402\.0\.0&amp;text=government-public-administration">Public Service &amp; Safety<\/a> <code>public-service-safety<\/code> — 86% \(primary successor\), merged<\/li><li>.*Management &amp; Entrepreneurship.* — 14%, split<\/li>/,
    );
    const pathway = lineageOf(await (await get(app, '/clusters/finance/banking-services')).text());
    expect(pathway).toContain(
      'Banking &amp; Credit</a> <span class="muted">in Financial Services</span> <code>banking-credit</code> — 100%, merged',
    );
    // A node of a later release is not served by an older one: not gone, not yet.
    expect((await get(app, '/api/v1/nodes/banking-credit')).status).toBe(404);
  });
});
