import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { renderReleasesAtom, renderReleasesJsonFeed } from '@ccf/publish';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Snapshot } from '../src/index.js';
import { openApiDocument } from '../src/openapi.js';
import { staticLayout } from '../src/site.js';
import { fixtures, loadSnapshot, memoryStore, release } from './helpers.js';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '../../..');
/** Redocly's CLI, called as a binary (its `bin`), as CI would. */
const redocly = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

let app: ReturnType<typeof createApp>;
let snapshot: Snapshot;
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
  to: '@1.0.0',
  q: 'nurse',
  format: 'csv',
  release: '1.0.0',
  soc: '29-1141',
  cip: '51.38',
};

beforeAll(async () => {
  snapshot = await loadSnapshot(join(fixtures, 'basic'), [
    await release('1.0.0', { 'framework.json': '{}\n', 'manifest.json': '{}\n', 'clusters.csv': 'id\r\n' }),
  ]);
  // The feeds' renderers come from the Node side (the feed library needs Node's streams; the app is neutral).
  snapshot = { ...snapshot, history: async () => ({ releases: [], render: { atom: renderReleasesAtom, json: renderReleasesJsonFeed } }) };
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
        expect(res.status, url).toBe(method === 'options' ? 204 : 200);
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

describe('OpenAPI document quality', () => {
  it("passes Redocly's recommended ruleset with 0 errors and 0 warnings, live and static", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccf-openapi-'));
    try {
      const live = join(dir, 'live.json');
      const exported = join(dir, 'static.json');
      await writeFile(live, JSON.stringify(openApiDocument('/')));
      await writeFile(exported, JSON.stringify(openApiDocument('/ccf/', staticLayout(snapshot))));
      const config = join(import.meta.dirname, '../redocly.yaml');
      for (const file of [live, exported]) {
        // Exit 1 on any error; the JSON report counts warnings too (one report per file).
        const { stdout } = await run(process.execPath, [redocly, 'lint', '--config', config, '--format=json', file], {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        }).catch((e: { stdout: string }) => e);
        const report = JSON.parse(stdout) as { totals: Record<string, number>; problems: { ruleId: string; message: string }[] };
        expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
        expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('bundles the contract schemas as they are in schemas/ (the generated module is current)', async () => {
    await expect(run(process.execPath, [join(repoRoot, 'scripts/gen-api-schemas.mjs'), '--check'])).resolves.toBeDefined();
  });

  it('the static document names only files the export writes, GET only', () => {
    const doc = openApiDocument('/', staticLayout(snapshot)) as { paths: Record<string, Record<string, unknown>> };
    const methods = new Set(Object.values(doc.paths).flatMap((item) => Object.keys(item)));
    expect([...methods]).toEqual(['get']);
    expect(Object.keys(doc.paths).every((p) => p.endsWith('.json') || p.startsWith('/releases/') || p === '/releases.atom')).toBe(true);
    expect(Object.keys(doc.paths)).toContain('/releases/1.0.0/clusters.csv');
    expect(Object.keys(doc.paths)).not.toContain('/search');
  });
});
