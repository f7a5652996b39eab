import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Release, type Snapshot } from '../src/index.js';
import { defaultRelease } from '../src/pinning.js';
import { buildIndex } from '../src/search.js';
import { fixtures, loadSnapshot, memoryStore, release } from './helpers.js';

// What a downstream consumer automates against (issue 18): pinned releases, changes between them, a node's history,
// lookups by occupation and program code, and search that ranks exact matches first.

const manifest = (date: string): string => `${JSON.stringify({ source: { date } })}\n`;
const rel = (version: string, date: string): Promise<Release> =>
  release(version, { 'framework.json': '{}\n', 'manifest.json': manifest(date) });

let basic: Snapshot;
let plurals: Snapshot;
let releases: Release[];
let app: ReturnType<typeof createApp>;
const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

beforeAll(async () => {
  basic = await loadSnapshot(join(fixtures, 'basic'));
  releases = [await rel('2.0.0', '2026-11-01T00:00:00Z'), await rel('1.0.0', '2025-01-01T00:00:00Z')];
  plurals = await loadSnapshot(join(fixtures, 'search-plurals'), releases);
  // Release 1.0.0 is the basic fixture, 2.0.0 and the work tree the plurals fixture.
  app = createApp(memoryStore(plurals, { '@1.0.0': basic.framework, '@2.0.0': plurals.framework }));
});

describe('pinning: ?release= and /api/v1/releases/<version>/…', () => {
  it('answers from the release asked for, the same document by query and by path, and names it in CCF-Release', async () => {
    const byQuery = await app.request('/api/v1/nodes/nursing?release=1.0.0');
    const byPath = await app.request('/api/v1/releases/1.0.0/nodes/nursing');
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get('ccf-release')).toBe('1.0.0');
    expect(byPath.headers.get('ccf-release')).toBe('1.0.0');
    expect(byPath.headers.get('etag')).toBe(byQuery.headers.get('etag'));
    expect(await byPath.text()).toBe(await byQuery.text());
    // The work tree has no `nursing`: the default is the content shown, a preview, and says so; a later release
    // replaced that 2002 id, so the preview answers 410 Gone with its successors (ADR 0019).
    const preview = await app.request('/api/v1/nodes/nursing');
    expect(preview.status).toBe(410);
    expect(preview.headers.get('ccf-release')).toBe('preview');
    const clusters = await app.request('/api/v1/clusters');
    expect(clusters.headers.get('ccf-release')).toBe('preview');
    const pinned = await json(await app.request('/api/v1/releases/1.0.0/clusters'));
    expect(JSON.stringify(pinned)).toContain('"href":"/api/v1/releases/1.0.0/nodes/nursing"');
    const search = await json(await app.request('/api/v1/search?q=nursing&release=1.0.0'));
    expect((search['results'] as { href: string }[])[0]!.href).toBe('/api/v1/releases/1.0.0/nodes/nursing');
  });

  it('a malformed release is a 400 listing the releases; an unknown one a 404 with the closest', async () => {
    for (const bad of ['1.0', '', 'latest', '../1.0.0', '1.0.0%00', 'x'.repeat(300), '%E2%80%AE1.0.0', "1.0.0'%20OR%201=1"]) {
      const res = await app.request(`/api/v1/clusters?release=${bad}`);
      expect(res.status, bad).toBe(400);
      const error = (await json(res))['error'] as { code: string; message: string };
      expect(error.code).toBe('bad-release');
      expect(error.message).toContain('one of: `2.0.0`, `1.0.0`');
      expect(error.message.length).toBeLessThan(200);
    }
    const res = await app.request('/api/v1/nodes/nursing?release=1.0.7');
    expect(res.status).toBe(404);
    expect(((await json(res))['error'] as { message: string }).message).toContain('did you mean `1.0.0`?');
    expect((await app.request('/api/v1/releases/3.0.0/clusters')).status).toBe(404);
    expect((await app.request('/api/v1/releases/1.0.0/clusters?release=2.0.0')).status).toBe(400);
    // Routes that span releases refuse the parameter instead of ignoring it.
    for (const path of ['/api/v1/lint', '/api/v1/releases', '/api/v1/nodes/health/history', '/api/v1/changes?from=1.0.0&to=2.0.0'])
      expect((await app.request(`${path}${path.includes('?') ? '&' : '?'}release=1.0.0`)).status, path).toBe(400);
  });

  it('the default release: the latest, except for the window after a new major, when the previous line stays', () => {
    const day = (d: string): Date => new Date(`${d}T00:00:00Z`);
    expect(defaultRelease(releases, 90, day('2026-12-01'))).toBe('1.0.0');
    expect(defaultRelease(releases, 90, day('2027-02-01'))).toBe('2.0.0');
    expect(defaultRelease(releases, 0, day('2026-12-01'))).toBe('2.0.0');
    expect(defaultRelease([], 90, day('2026-12-01'))).toBeUndefined();
  });

  it('with the `release` policy, unpinned requests answer from the default release, stated in OpenAPI and the header', async () => {
    const store = memoryStore(plurals, { '@1.0.0': basic.framework, '@2.0.0': plurals.framework });
    const during = createApp(store, { pinning: { apiDefault: 'release', now: () => new Date('2026-12-01T00:00:00Z') } });
    const res = await during.request('/api/v1/nodes/nursing');
    expect(res.status).toBe(200);
    expect(res.headers.get('ccf-release')).toBe('1.0.0');
    const doc = await json(await during.request('/api/v1/openapi.json'));
    expect((doc['info'] as Record<string, unknown>)['x-ccf-default-release']).toMatchObject({ release: '1.0.0', windowDays: 90 });
    const after = createApp(store, { pinning: { apiDefault: 'release', now: () => new Date('2027-03-01T00:00:00Z') } });
    expect((await after.request('/api/v1/clusters')).headers.get('ccf-release')).toBe('2.0.0');
    const preview = await json(await app.request('/api/v1/openapi.json'));
    expect((preview['info'] as Record<string, unknown>)['x-ccf-default-release']).toMatchObject({ release: 'preview' });
  });
});

describe('changes and history', () => {
  it('/changes: the change set between two releases, computed once per pair; 400 and 404 for bad names', async () => {
    const res = await app.request('/api/v1/changes?from=1.0.0&to=@2.0.0');
    expect(res.status).toBe(200);
    // The store's diff of release 1.0.0 (the basic fixture) and 2.0.0 (the plurals fixture).
    expect(await json(res)).toMatchObject({ from: basic.framework.source.label, to: plurals.framework.source.label, bump: 'major' });
    const again = await app.request('/api/v1/changes?from=1.0.0&to=2.0.0', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await app.request('/api/v1/changes?from=1.0.0')).status).toBe(400);
    expect((await app.request('/api/v1/changes?from=main&to=2.0.0')).status).toBe(400);
    expect((await app.request('/api/v1/changes?from=--upload-pack=x&to=2.0.0')).status).toBe(400);
    const unknown = await app.request('/api/v1/changes?from=1.0.0&to=2.1.0');
    expect(unknown.status).toBe(404);
    expect(((await json(unknown))['error'] as { message: string }).message).toContain('did you mean `2.0.0`?');
  });

  it('/nodes/{id}/history: per release, title, parent, status and lineage; 404 for an id no version knows', async () => {
    const nursing = await json(await app.request('/api/v1/nodes/nursing/history'));
    expect(nursing['releases']).toEqual([
      {
        release: '1.0.0',
        present: true,
        type: 'subcluster',
        title: 'Nursing & Patient Care',
        parent: 'health-care',
        status: 'active',
        derivedFrom: ['therapeutic-services'],
        successors: [{ id: 'therapy', title: "Therapy <img src=x onerror=alert('title')>" }],
        changed: ['added'],
      },
      { release: '2.0.0', present: false, successors: [], changed: ['removed'] },
      { release: 'preview', present: false, successors: [], changed: [] },
    ]);
    // Known only as what a node continues: its successors are its history.
    const gone = await json(await app.request('/api/v1/nodes/therapeutic-services/history'));
    expect((gone['releases'] as { successors: { id: string }[] }[])[0]!.successors).toEqual([
      { id: 'nursing', title: 'Nursing & Patient Care' },
    ]);
    expect((await app.request('/api/v1/nodes/no-such-node/history')).status).toBe(404);
    expect((await app.request('/api/v1/nodes/%2e%2e/history')).status).toBe(404);
  });
});

describe('lookups by occupation and program code', () => {
  it('an O*NET-SOC or SOC code: the sub-clusters holding it, per release, with its title', async () => {
    const body = await json(await app.request('/api/v1/occupations/29-1141'));
    expect(body).toMatchObject({ query: '29-1141', kind: 'occupation', prefix: false });
    const per = body['releases'] as { release: string; codes: { code: string; heldBy: { id: string; parent: string }[] }[] }[];
    expect(per.map((r) => r.release)).toEqual(['1.0.0', '2.0.0', 'preview']);
    expect(per[0]!.codes.map((c) => [c.code, c.heldBy.map((h) => `${h.parent}/${h.id}`)])).toEqual([
      ['29-1141.00', ['health-care/nursing']],
    ]);
    expect(per[1]!.codes.map((c) => c.code)).toEqual(['29-1141.00', '29-1141.01']);
    const exact = await json(await app.request('/api/v1/occupations/29-1141.00?release=2.0.0'));
    expect(exact).toMatchObject({ title: 'Registered Nurses', releases: [{ release: '2.0.0', total: 1 }] });
    const prefix = await json(await app.request('/api/v1/releases/2.0.0/occupations/29-1'));
    expect(prefix).toMatchObject({ prefix: true, releases: [{ release: '2.0.0', total: 3 }] });
  });

  it('a CIP code or prefix; 404 with the closest code for an unknown one, 400 for a malformed or hostile one', async () => {
    const cip = await json(await app.request('/api/v1/programs/51.38'));
    expect(cip).toMatchObject({ prefix: true });
    expect((cip['releases'] as { total: number }[]).map((r) => r.total)).toEqual([1, 0, 0]);
    const unknown = await app.request('/api/v1/programs/51.3802');
    expect(unknown.status).toBe(404);
    expect(((await json(unknown))['error'] as { message: string }).message).toContain('did you mean `51.3801`?');
    const soc = await app.request('/api/v1/occupations/29-1142.00');
    expect(((await json(soc))['error'] as { code: string; message: string }).message).toContain('did you mean `29-1141');
    for (const bad of ['2911', '29-1141.000', '..%2f..%2fetc', '%C3%A9', "29-1141'%20OR%201=1", '29-1141%00', 'x'.repeat(3000)]) {
      const res = await app.request(`/api/v1/occupations/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await json(res))['error'] as { code: string }).code).toBe('bad-code');
    }
    expect((await app.request('/api/v1/programs/51-3801')).status).toBe(400);
    // A bare `..` is resolved by the URL parser before routing: the path above, which has no document.
    expect((await app.request('/api/v1/occupations/%2e%2e')).status).toBe(404);
  });
});

describe('search ranks exact matches first and reads a plural as its singular', () => {
  it('"nurse" and "Nurses" find the same nodes in the same order', () => {
    const index = buildIndex(plurals.framework);
    const ids = (q: string): string[] => index.search(q).hits.map((h) => h.node.id);
    expect(ids('Nurses')).toEqual(ids('nurse'));
    // "Nurse Midwives" holds only the singular: the plural query finds it too.
    expect(ids('Nurses')).toContain('midwifery');
    expect(ids('nurse midwife')).toEqual(['midwifery']);
    // The node titled exactly so comes first.
    expect(ids('nurses')[0]).toBe('nurses');
  });

  it('an exact occupation code ranks the node holding exactly that code first', () => {
    const index = buildIndex(plurals.framework);
    expect(index.search('29-1141.00').hits[0]!.node.id).toBe('nurses');
    expect(index.search('29-1141.01').hits[0]!.node.id).toBe('registered-nursing');
    // SOC 29-1141 is O*NET-SOC 29-1141.00; 29-1141.01 (Acute Care Nurses) is a specialty under it, and comes second.
    expect(index.search('29-1141').hits.map((h) => h.node.id)).toEqual(['nurses', 'registered-nursing']);
  });
});
