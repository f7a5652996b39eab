import { ID_PATTERN, isVersion } from '@ccf/core';
import { Hono, type Context } from 'hono';
import type { DiffOf } from '../diffs.js';
import { CSV_TYPE, IMMUTABLE, jsonDoc, makeDoc, XLSX_TYPE, type Doc } from '../doc.js';
import { HttpError } from '../errors.js';
import { goneJson, type History } from '../history.js';
import { reply } from '../headers.js';
import { clusterJson, clusterSummaryJson, frameworkJson, nodeJson } from '../model.js';
import { openApiDocument } from '../openapi.js';
import { MAX_QUERY } from '../search.js';
import { staticLayout } from '../site.js';
import type { SnapshotState } from '../state.js';
import type { ReleaseFile, Snapshot, Store } from '../store.js';

export interface ApiRoutesOptions {
  store: Store;
  state: SnapshotState;
  diffOf: DiffOf;
  /** Lineage across releases, per snapshot. */
  history: (s: Snapshot) => History;
  /** Path prefix of every link, ending in `/`. */
  base: string;
  /** Links name the files a static export writes (`…/nodes/x.json`); the live server answers both names. */
  staticSite: boolean;
}

const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The read API, mounted at `/api/v1` (paths as in openapi.ts). */
export function apiRoutes({ store, state, diffOf, history, base, staticSite }: ApiRoutesOptions): Hono {
  const suffix = staticSite ? '.json' : '';
  const releaseDocs = new WeakMap<ReleaseFile, Promise<Doc>>();
  const api = new Hono();

  /** Registers `path` and `path.json` (the name a static export writes). */
  const doc = (path: string, build: (s: Snapshot) => unknown): void => {
    const handler = async (c: Context): Promise<Response> => {
      const s = store.snapshot();
      return reply(c, await state.cached(s, `api:${path}`, () => jsonDoc(build(s))));
    };
    api.get(path, handler);
    api.get(`${path}.json`, handler);
  };
  doc('/framework', (s) => frameworkJson(s.framework));
  doc('/clusters', (s) => s.framework.clusters.map((c) => clusterSummaryJson(c, base, suffix)));
  doc('/lint', (s) => ({ source: s.framework.source, diagnostics: s.diagnostics, ...(s.problems ? { problems: s.problems } : {}) }));
  doc('/releases', (s) =>
    s.releases.map((r) => ({
      version: r.version,
      files: r.files.map((f) => ({
        name: f.name,
        bytes: f.bytes.byteLength,
        type: f.type,
        etag: f.etag,
        href: `${base}api/v1/releases/${r.version}/${encodeURIComponent(f.name)}`,
      })),
    })),
  );
  let openapi: Promise<Doc> | undefined;
  api.get('/openapi.json', async (c) => {
    if (!staticSite) return reply(c, await (openapi ??= jsonDoc(openApiDocument(base))));
    // A static export describes the files it holds, which follow the content.
    const s = store.snapshot();
    return reply(c, await state.cached(s, 'api:/openapi.json', () => jsonDoc(openApiDocument(base, staticLayout(s)))));
  });

  const idParam = (c: Context): string => {
    const raw = c.req.param('id') ?? '';
    const id = raw.endsWith('.json') ? raw.slice(0, -5) : raw;
    if (!ID_PATTERN.test(id))
      throw new HttpError(404, 'not-found', `Unexpected id \`${id.slice(0, 100)}\`, expected a lowercase kebab-case id`);
    return id;
  };
  api.get('/clusters/:id', async (c) => {
    const s = store.snapshot();
    const id = idParam(c);
    const node = s.framework.nodes.get(id);
    if (node?.type !== 'cluster')
      throw new HttpError(404, 'not-found', `Unexpected cluster id \`${id}\`, expected one of the ids in /api/v1/clusters`);
    return reply(c, await state.cached(s, `api:/clusters/${id}`, () => jsonDoc(clusterJson(node))));
  });
  api.get('/nodes/:id', async (c) => {
    const s = store.snapshot();
    const id = idParam(c);
    const node = s.framework.nodes.get(id);
    if (!node) {
      const gone = await goneDoc(s, id);
      if (gone) return reply(c, gone, 410);
      throw new HttpError(404, 'not-found', `Unexpected node id \`${id}\`, expected the id of a cluster or sub-cluster`);
    }
    return reply(c, await state.cached(s, `api:/nodes/${id}`, () => jsonDoc(nodeJson(s.framework, node))));
  });
  // An id a later version replaced never dead-ends: 410 Gone with its successors, shares and the version that
  // replaced it (ADR 0019 says why not a redirect).
  const goneDoc = async (s: Snapshot, id: string): Promise<Doc | undefined> => {
    const r = await history(s).gone(id);
    return r && state.cached(s, `api:/nodes/${id}:gone`, () => jsonDoc(goneJson(r, base, suffix)));
  };
  api.get('/search', async (c) => {
    const s = store.snapshot();
    const q = c.req.query('q');
    if (!q?.trim()) throw new HttpError(400, 'missing-parameter', 'Missing `q`, expected words, an occupation title or a SOC code');
    if (q.length > MAX_QUERY)
      throw new HttpError(400, 'query-too-long', `Unexpected query of ${q.length} characters, expected at most ${MAX_QUERY}`);
    const { total, hits } = state.index(s).search(q);
    const results = hits.map((hit) => ({
      id: hit.node.id,
      type: hit.node.type,
      title: hit.node.title,
      ...(hit.node.type === 'subcluster' ? { parent: hit.node.parent } : {}),
      score: hit.score,
      matched: hit.fields,
      ...(hit.occupations.length ? { occupations: hit.occupations } : {}),
      href: `${base}api/v1/nodes/${hit.node.id}`,
    }));
    return reply(c, await jsonDoc({ query: q, total, results }));
  });

  api.get('/releases/:version/:file', async (c) => {
    const s = store.snapshot();
    const version = c.req.param('version');
    const name = c.req.param('file');
    const missing = new HttpError(
      404,
      'not-found',
      'Unexpected release file, expected a version and a file name listed in /api/v1/releases',
    );
    // The lookup is by exact name in memory, never a path on disk; the patterns only keep odd names out of messages.
    if (!isVersion(version) || !FILE.test(name)) throw missing;
    const file = s.releases.find((r) => r.version === version)?.files.find((f) => f.name === name);
    if (!file) throw missing;
    if (file.problem) throw new HttpError(500, 'integrity-error', file.problem);
    let d = releaseDocs.get(file);
    if (!d) {
      d = makeDoc(file.bytes, file.type, IMMUTABLE).then((made) => ({ ...made, etag: file.etag }));
      releaseDocs.set(file, d);
    }
    return reply(c, await d);
  });

  api.get('/diff', async (c) => {
    const s = store.snapshot();
    const result = await diffOf(s, c.req.query('from'), c.req.query('to'));
    return reply(c, await jsonDoc(result.changeSet));
  });
  api.get('/crosswalk', async (c) => {
    const s = store.snapshot();
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'xlsx')
      throw new HttpError(400, 'bad-format', `Unexpected format \`${format.slice(0, 40)}\`, expected \`json\`, \`csv\` or \`xlsx\``);
    const result = await diffOf(s, c.req.query('from'), c.req.query('to'));
    if (format === 'csv' || format === 'xlsx') {
      const part = (label: string): string =>
        label
          .replace(/^@/, '')
          .replace(/^.*\//, '')
          .replace(/[^A-Za-z0-9._-]+/g, '_');
      const name = `crosswalk-${part(result.from)}-${part(result.to)}.${format}`;
      const disposition = { 'Content-Disposition': `attachment; filename="${name}"` };
      if (format === 'csv') return reply(c, await makeDoc(result.csv, CSV_TYPE), 200, disposition);
      if (!result.xlsx) throw new HttpError(501, 'not-available', 'Workbooks are not available on this server');
      return reply(c, await makeDoc(await result.xlsx(), XLSX_TYPE), 200, disposition);
    }
    return reply(c, await jsonDoc({ from: result.from, to: result.to, rows: result.crosswalk }));
  });
  // No api.notFound(): app.route() copies a sub-app's routes only, so an unknown /api/v1 path is the app's 404.
  return api;
}
