// A state framework in the preview: origins as badges with words, what the state changed, programs of study, hidden
// nodes that say why, the national side and the "compare with national" table — every state-written string escaped.
import { join } from 'node:path';
import { loadOverlay } from '@ccf/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Snapshot } from '../src/index.js';
import { fixtures, memoryStore } from './helpers.js';

const repoRoot = join(import.meta.dirname, '../../..');
let app: ReturnType<typeof createApp>;
let snapshot: Snapshot;

beforeAll(async () => {
  // Every string a state writes is hostile here: titles, the state's name, a hidden node's reason, regions, courses.
  const load = await loadOverlay(join(fixtures, 'state-hostile'), { repoRoot });
  expect(load.diagnostics).toEqual([]);
  snapshot = { generation: 1, framework: load.framework, base: load.base!, diagnostics: [], releases: [] };
  app = createApp(memoryStore(snapshot));
});

const get = async (path: string): Promise<{ status: number; body: string }> => {
  const res = await app.request(path);
  return { status: res.status, body: await res.text() };
};
/** The page's main content with tags removed and whitespace folded: what a reader sees. */
const text = (html: string): string =>
  html
    .slice(html.indexOf('<main'), html.indexOf('</main>'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const PAGES = [
  '/',
  '/clusters/xh-energy',
  '/clusters/xh-energy/banking-services',
  '/clusters/xh-energy/xh-solar',
  '/clusters/finance/insurance',
  '/national',
  '/national/clusters/finance/banking-services',
  '/national/clusters/finance/insurance',
  '/national/clusters/finance',
  '/search?q=solar',
];

describe('a state framework in the preview', () => {
  it('escapes every string the state wrote, on every page (a hostile-title fixture)', async () => {
    for (const path of PAGES) {
      const { body } = await get(path);
      const main = body.slice(body.indexOf('<main'));
      // No markup of the state's reaches a page: only the site's own elements and attributes.
      expect([path, main.match(/<(?:script|img|svg|marquee|i|b)[\s>]|<[a-z]+[^>]*\son\w+=/gi)]).toEqual([path, null]);
    }
    const { body } = await get('/clusters/xh-energy/xh-solar');
    expect(body).toContain('Solar &quot;&gt;&lt;svg onload=alert(&#39;sub&#39;)&gt;');
    expect(body).toContain('Intro &lt;script&gt;alert(&#39;course&#39;)&lt;/script&gt;');
    expect(body).toContain(
      '<title>Solar &quot;&gt;&lt;svg onload=alert(&#39;sub&#39;)&gt; · Hostile &lt;i&gt;State&lt;/i&gt; Clusters (fictional)</title>',
    );
  });

  it('shows each node’s origin as a badge with a word, in every list and on every node page', async () => {
    const overview = await get('/');
    expect(overview.body).toMatch(
      /<a href="\/clusters\/xh-energy">Energy &lt;\/h1&gt;.*?<\/a><span class="badge origin-state"[^>]*>state<\/span>/,
    );
    expect(overview.body).toMatch(/<a href="\/clusters\/finance">Finance<\/a><span class="badge origin-national"[^>]*>national<\/span>/);
    expect(text(overview.body)).toContain(
      'A state framework Hostile "State" <b>&amp;</b>’s adaptation of National Career Clusters® Framework version 1.0.0 ( extends: @1.0.0 ), in effect from the 2026-27 school year, approved by Board <script>alert(1)</script>.',
    );
    expect(text(overview.body)).toMatch(/1 hidden · 1 changed · 2 state-only · 2 programs of study\. Compare with national/);
    expect(overview.body).toContain('<li><a href="/national">Compare with national</a></li>');
    const cluster = await get('/clusters/xh-energy');
    expect(cluster.body).toMatch(
      /<a href="\/clusters\/xh-energy\/banking-services">[^<]*<\/a><span class="badge origin-modified"[^>]*>modified<\/span>/,
    );
    const search = await get('/search?q=solar');
    expect(search.body).toMatch(/<span class="badge origin-state"[^>]*>state<\/span>/);
  });

  it('a changed national node says where it comes from and what the state changed', async () => {
    const { status, body } = await get('/clusters/xh-energy/banking-services');
    expect(status).toBe(200);
    const t = text(body);
    expect(t).toContain('Changed from National Career Clusters® Framework version 1.0.0: the national Career Pathway .');
    expect(body).toContain('<a href="/national/clusters/finance/banking-services">the national Career Pathway</a>');
    expect(t).toContain('Renamed from “Banking Services”.');
    expect(t).toContain("Re-parented: from Finance to Energy </h1><script>alert('cluster')</script> .");
    expect(t).toContain('State codes: state <b>06.02</b> .');
    expect(t).toContain('Scope: Regional: North<img src=x onerror=alert(2)>west (NW).');
    expect(t).toContain('In effect: From 2026-07-01.');
    // Its program of study: NCES CIP code, no course, statewide.
    expect(t).toMatch(/Program CIP codes Courses Credentials Scope Banking & Finance xh-pos-banking 52\.0803 — — Statewide/);
  });

  it('a state node lists its programs of study: CIP codes (a pseudo-CIP marked as a state code), courses, credentials, scope', async () => {
    const t = text((await get('/clusters/xh-energy/xh-solar')).body);
    expect(t).toContain('Added by Hostile "State" <b>&amp;</b>: not in National Career Clusters® Framework 1.0.0.');
    expect(t).toContain(
      "Solar <marquee>Tech</marquee> xh-pos-solar 15.1703 15.8801 state code <01> Intro <script>alert('course')</script> NABCEP <b>PV</b> Regional: North<img src=x onerror=alert(2)>west (NW)",
    );
    expect(t).toContain('A code marked “state code” is Hostile "State" <b>&amp;</b>’s own (a pseudo-CIP), not an NCES CIP 2020 code.');
    const cluster = text((await get('/clusters/xh-energy')).body);
    expect(cluster).toContain('Derived from national Manufacturing manufacturing');
  });

  it('a hidden node is not listed, and its URL says it is hidden in the state and why (404, not a bare not-found)', async () => {
    expect((await get('/clusters/finance')).body).not.toContain('/clusters/finance/insurance"');
    const { status, body } = await get('/clusters/finance/insurance');
    expect(status).toBe(404);
    expect(text(body)).toContain('Hidden in Hostile "State" <b>&amp;</b>: Taught <img src=x onerror=alert(\'reason\')> within Banking');
    expect(body).toContain('<a href="/national/clusters/finance/insurance">See it on the national side</a>');
    // Anywhere else it is an ordinary 404; and a node the state shows is not "hidden".
    expect((await get('/clusters/health-science/insurance')).status).toBe(404);
    expect(text((await get('/clusters/health-science/insurance')).body)).not.toContain('Hidden in');
  });

  it('"Compare with national" lists hidden, changed and state nodes with links to both sides, and counts', async () => {
    const { status, body } = await get('/national');
    expect(status).toBe(200);
    const t = text(body);
    expect(t).toContain('1 hidden 1 changed 2 state-only 2 programs of study');
    const rows = [...body.matchAll(/<tr><th scope="row"><code>([a-z0-9-]+)<\/code><\/th>(.*?)<\/tr>/g)].map((m) => [
      m[1],
      text(`<main>${m[2]}</main>`).trim(),
    ]);
    expect(rows.map(([id]) => id).sort()).toEqual(['banking-services', 'insurance', 'xh-energy', 'xh-solar']);
    expect(Object.fromEntries(rows)['banking-services']).toMatch(
      /^Career Pathway modified renamed, moved, recoded, scoped, dated Banking Services in Finance Banking <script>.* in Energy .*Banking & Finance \(xh-pos-banking\): CIP 52\.0803$/,
    );
    expect(Object.fromEntries(rows)['insurance']).toMatch(/^Career Pathway hidden hidden Insurance in Finance hidden : Taught <img/);
    // Every link of the table answers: both sides of each row.
    const links = [...new Set([...body.slice(body.indexOf('<table')).matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1]!))];
    expect(links.length).toBe(6);
    for (const href of links) expect([href, (await get(href)).status]).toEqual([href, href === '/clusters/finance/insurance' ? 404 : 200]);
  });

  it('the national side: a national node with its state counterpart; absent pages are 404', async () => {
    const t = text((await get('/national/clusters/finance/banking-services')).body);
    expect(t).toMatch(
      /^ Compare with national Finance Banking Services Banking Services national 1\.0\.0 Career Pathway in Finance of National Career Clusters® Framework version 1\.0\.0 · banking-services · 7 occupations In Hostile/,
    );
    expect(text((await get('/national/clusters/finance/insurance')).body)).toContain('Hidden in Hostile "State" <b>&amp;</b>: Taught');
    expect((await get('/national/clusters/xh-energy')).status).toBe(404);
    expect((await get('/national/clusters/health-science/banking-services')).status).toBe(404);
  });

  it('the API gives each node its origin, base version and what the state changed', async () => {
    const node = (await (await app.request('/api/v1/nodes/banking-services')).json()) as Record<string, unknown>;
    expect(node).toMatchObject({
      origin: 'modified',
      baseVersion: '1.0.0',
      stateChanges: ['title', 'codes', 'scope', 'effective', 'parent'],
    });
    const state = (await (await app.request('/api/v1/nodes/xh-solar')).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ origin: 'state' });
    expect(state.baseVersion).toBeUndefined();
  });
});

describe('a national framework in the preview', () => {
  it('has no origin badges, no state section and no "compare with national"', async () => {
    const { loadSnapshot } = await import('./helpers.js');
    const national = createApp(memoryStore(await loadSnapshot(join(fixtures, 'basic'))));
    const body = await (await national.request('/')).text();
    expect(body).not.toMatch(/origin-|Compare with national|A state framework/);
    expect((await national.request('/national')).status).toBe(404);
  });
});
