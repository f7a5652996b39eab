import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { fixtures, loadSnapshot, memoryStore, release } from './helpers.js';

let app: ReturnType<typeof createApp>;
let doc: {
  openapi: string;
  servers: { url: string }[];
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, unknown> }>
  >;
};

const samples: Record<string, string> = {
  id: 'health-care',
  version: '1.0.0',
  file: 'framework.json',
  from: '@1.0.0',
  to: '',
  q: 'nurse',
  format: 'csv',
};

beforeAll(async () => {
  const snapshot = await loadSnapshot(join(fixtures, 'basic'), [await release('1.0.0', { 'framework.json': '{}\n' })]);
  app = createApp(memoryStore(snapshot, { '@1.0.0': snapshot.framework }));
  doc = (await (await app.request('/api/v1/openapi.json')).json()) as typeof doc;
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 served at /api/v1/openapi.json', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe('/api/v1');
  });

  it('every documented path answers, with a documented status', async () => {
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => samples[name]!);
        const query = new URLSearchParams((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, samples[p.name]!]));
        const url = `/api/v1${path}${query.size ? `?${query}` : ''}`;
        const res = await app.request(url, { method: method.toUpperCase() });
        expect(Object.keys(op.responses), `${method} ${url} → ${res.status}`).toContain(String(res.status));
        expect(res.status, url).toBe(200);
      }
    }
  });

  it('documents every API route the app has', () => {
    const documented = new Set(Object.keys(doc.paths).map((p) => p.replace(/\{(\w+)\}/g, ':$1')));
    const routes = app.routes
      .filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/') && !r.path.endsWith('/*'))
      .map((r) => r.path.slice('/api/v1'.length))
      // `x.json` is the same document as `x` (the name a static export writes).
      .filter((p) => !(p.endsWith('.json') && p !== '/openapi.json'));
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((d) => !routes.includes(d))).toEqual([]);
  });
});
