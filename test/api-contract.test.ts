/**
 * The read API's contract, tried for real: every operation of the OpenAPI document is called with valid, boundary
 * and hostile input over a socket, and every answer (status, media type, body) is checked against the document the
 * same server publishes. Then the same for a static export (`ccf build-site`) behind a plain file server, against
 * the document the export ships.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type Io } from '@ccf/cli';
import { createApp } from '@ccf/server';
import { createNodeStore, listen, type NodeStore, type Running } from '@ccf/server/node';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request sent as written: the path is not normalized (`%2e%2e` reaches the server) and the Host is ours to set. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

type Doc = {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, Response> };
};
interface Response {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  parameters?: { name: string; in: string; schema: { enum?: string[] } }[];
  responses: Record<string, Response>;
}

const pointer = (...parts: string[]): string =>
  parts.map((p) => `/${encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');

/** Checks answers against an OpenAPI document: returns what is wrong with one (empty when it conforms). */
function contract(doc: Doc): (method: string, path: string, answer: Answer) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // strict: false because the document is an OpenAPI object, not a schema; only its schemas are compiled, by ref.
  ajv.addSchema(doc, 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  const prefix = new URL(doc.servers[0]!.url, 'http://x').pathname;
  const templates = Object.keys(doc.paths)
    // Concrete paths match before templated ones (OpenAPI 3.1, Paths Object).
    .sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')))
    .map((t) => ({ t, re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`) }));

  return (method, path, answer) => {
    const where = `${method} ${path.slice(0, 120)} → ${answer.status}`;
    const bare = path.split('?')[0]!;
    if (!bare.startsWith(prefix)) return [`${where}: outside the server URL ${prefix}`];
    const template = templates.find(({ re }) => re.test(bare.slice(prefix.length)))?.t;
    if (!template) return [`${where}: no documented path`];
    const item = doc.paths[template]!;
    const name = method.toLowerCase();
    // Every other method is refused the same way; that answer is documented on the path's GET.
    const opName = item[name] ? name : 'get';
    const op = item[opName]!;
    const status = String(answer.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => k in op.responses);
    if (!key) return [`${where}: status not documented (has ${Object.keys(op.responses).join(', ')})`];
    let at = pointer('paths', template, opName, 'responses', key);
    let response = op.responses[key]!;
    if (response.$ref) {
      at = response.$ref.slice(1);
      response = doc.components.responses![response.$ref.split('/').pop()!]!;
    }
    const problems: string[] = [];
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!response.content) {
      if (answer.status === 304 || answer.status === 204 || method === 'HEAD') {
        if (answer.body.length) problems.push(`${where}: a body where the document has none`);
      }
      return problems;
    }
    if (method === 'HEAD') return problems;
    const media = type in response.content ? type : '*/*' in response.content ? '*/*' : undefined;
    if (!media) return [`${where}: Content-Type ${type || '(none)'}, documented ${Object.keys(response.content).join(', ')}`];
    if (response.content[media]!.schema === undefined) return problems;
    let body: unknown = answer.body.toString('utf8');
    if (media === 'application/json' || media.endsWith('+json')) {
      try {
        body = JSON.parse(body as string);
      } catch {
        return [`${where}: body is not JSON`];
      }
    }
    const ref = `openapi#${at}${pointer('content', media, 'schema')}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    if (!validate(body))
      problems.push(`${where}: body fails ${at}: ${ajv.errorsText(validate.errors?.slice(0, 3), { dataVar: 'body' }).slice(0, 600)}`);
    return problems;
  };
}

/** The calls every document gets: each operation with the examples given, or with each enumerated value. */
function operationCalls(doc: Doc, samples: Record<string, string>): { method: string; path: string }[] {
  const prefix = new URL(doc.servers[0]!.url, 'http://x').pathname;
  const calls: { method: string; path: string }[] = [];
  for (const [template, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      const pathParam = params.find((p) => p.in === 'path');
      const values = pathParam?.schema.enum ?? [samples[pathParam?.name ?? ''] ?? ''];
      for (const value of pathParam ? values : ['']) {
        let path = template.replace(/\{(\w+)\}/g, (_, n: string) => (n === pathParam?.name ? value : samples[n]!));
        const query = new URLSearchParams(params.filter((p) => p.in === 'query' && samples[p.name]).map((p) => [p.name, samples[p.name]!]));
        if (query.size) path += `?${query}`;
        calls.push({ method: method.toUpperCase(), path: `${prefix}${path}` });
      }
    }
  return calls;
}

const long = (n: number): string => 'a'.repeat(n);
/** Hostile path segments: traversal (encoded so the client keeps it), unicode, control characters, overlong. */
const HOSTILE = [
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '..%5c..%5cpackage.json',
  '%C3%A9t%C3%A9',
  '%F0%9F%92%A5',
  '%00',
  '%ff',
  long(300),
];

describe('the live API answers as its OpenAPI document says', () => {
  let store: NodeStore;
  let running: Running;
  let doc: Doc;
  let check: ReturnType<typeof contract>;
  let problems: string[] = [];
  const call = async (path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> => {
    const answer = await send(running.port, method, path, headers);
    problems.push(...check(method, path, answer));
    return answer;
  };

  beforeAll(async () => {
    store = await createNodeStore({ repoRoot, log: () => {} });
    running = await listen(createApp(store, { allowedHosts: ['localhost'] }), { port: 0 });
    doc = JSON.parse((await send(running.port, 'GET', '/api/v1/openapi.json')).body.toString('utf8')) as Doc;
    check = contract(doc);
  });
  beforeEach(() => void (problems = []));
  afterAll(async () => {
    await running?.close();
    await store?.close();
  });

  it('every operation, with valid input, answers 200 (or 204) and a body the document describes; 304 on its ETag', async () => {
    const s = store.snapshot();
    const cluster = s.framework.clusters[0]!;
    const samples = {
      id: cluster.id,
      version: '2.0.0',
      file: 'framework.json',
      from: '@1.0.0',
      to: '@2.0.0',
      q: 'nurse',
      release: '2.1.0',
      soc: '29-1141',
      cip: '51.38',
    };
    // Releases before 2.1.0 hold no CIP codes (a lookup there is rightly a 404): programs are asked of 2.1.0.
    const calls = operationCalls(doc, samples).map((c) => ({
      ...c,
      path: c.path.replace('/releases/2.0.0/programs/', '/releases/2.1.0/programs/'),
    }));
    calls.push({ method: 'GET', path: `/api/v1/nodes/${cluster.children[0]!.id}` });
    for (const r of s.releases) for (const f of r.files) calls.push({ method: 'GET', path: `/api/v1/releases/${r.version}/${f.name}` });
    // Pinned by query and by path, prefix lookups, a history, the change set of each release and the one before.
    const versions = s.releases.map((r) => r.version);
    for (const v of versions)
      calls.push(
        { method: 'GET', path: `/api/v1/releases/${v}/clusters` },
        { method: 'GET', path: `/api/v1/clusters?release=${v}` },
        { method: 'GET', path: `/api/v1/releases/${v}/search?q=Nurses` },
      );
    versions.slice(1).forEach((v, i) => calls.push({ method: 'GET', path: `/api/v1/changes?from=${v}&to=${versions[i]}` }));
    calls.push(
      { method: 'GET', path: '/api/v1/occupations/15-1252.00' },
      { method: 'GET', path: '/api/v1/occupations/15-12' },
      { method: 'GET', path: '/api/v1/programs/11.07' },
      { method: 'GET', path: '/api/v1/releases/1.0.0/nodes/health-science' },
      { method: 'GET', path: '/api/v1/nodes/health-science/history' },
    );
    for (const q of ['from=@1.0.0', 'from=@1.0.0&to=@2.0.0&format=csv', 'from=@2.0.0&to=@1.0.0&format=json'])
      calls.push(
        { method: 'GET', path: `/api/v1/crosswalk?${q}` },
        { method: 'GET', path: `/api/v1/diff?${q.replace(/&format=\w+/, '')}` },
      );
    const statuses = new Map<string, number>();
    for (const { method, path } of calls) {
      const answer = await call(
        path,
        method,
        method === 'OPTIONS' ? { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET' } : {},
      );
      statuses.set(`${method} ${path}`, answer.status);
      if (answer.status === 200) {
        await call(path, 'GET', { 'If-None-Match': String(answer.headers['etag']) });
        await call(path, 'HEAD');
      }
    }
    expect(problems).toEqual([]);
    expect([...statuses].filter(([, st]) => st !== 200 && st !== 204)).toEqual([]);
    expect(statuses.size).toBeGreaterThan(30);
  });

  it('an id a later release replaced answers the documented 410 with its successors (ADR 0019)', async () => {
    for (const id of ['government-public-administration', 'banking-services', 'science-technology-engineering-mathematics']) {
      const answer = await call(`/api/v1/nodes/${id}`);
      expect(answer.status, id).toBe(410);
      expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ id, replacedIn: '2.0.0', error: { code: 'gone' } });
    }
    expect(problems).toEqual([]);
  });

  it('boundary and hostile input get a documented error, never an undocumented status or body', async () => {
    const seen = new Set<number>();
    const paths = [
      `/api/v1/search?q=${long(200)}`,
      `/api/v1/search?q=${long(201)}`,
      '/api/v1/search?q=',
      '/api/v1/search?q=%20%20',
      '/api/v1/search',
      '/api/v1/search?q=%E7%9C%8B%E8%AD%B7%20%C3%B1and%C3%BA',
      '/api/v1/search?q=%ff%fe',
      '/api/v1/search?q=%3Cscript%3E',
      '/api/v1/diff',
      '/api/v1/diff?from=',
      '/api/v1/diff?from=@9.9.9',
      '/api/v1/diff?from=@1.0',
      '/api/v1/diff?from=@1.0.0&to=@01.0.0',
      '/api/v1/diff?from=--upload-pack%3Dtouch%20x',
      '/api/v1/diff?from=no-such-branch-anywhere',
      `/api/v1/diff?from=${long(201)}`,
      '/api/v1/diff?from=%2e%2e%2f%2e%2e',
      '/api/v1/crosswalk?from=@1.0.0&format=xml',
      '/api/v1/crosswalk?from=@1.0.0&format=',
      '/api/v1/crosswalk?from=%E2%80%AE@1.0.0',
      '/api/v1/clusters/a',
      `/api/v1/clusters/${store.snapshot().framework.clusters[0]!.children[0]!.id}`,
      '/api/v1/releases/1.0.0/no-such-file.json',
      '/api/v1/releases/9.9.9/framework.json',
      '/api/v1/releases/1.0/framework.json',
      '/api/v1/releases/1.0.0/.manifest.json',
      `/api/v1/nodes/${long(5000)}`,
      // Pinning, changes, history and lookups: malformed, unknown, injected, unicode.
      '/api/v1/clusters?release=2.1',
      '/api/v1/clusters?release=9.9.9',
      '/api/v1/clusters?release=',
      `/api/v1/clusters?release=${long(300)}`,
      '/api/v1/nodes/health-science?release=%E2%80%AE2.1.0',
      '/api/v1/search?q=nurse&release=1.0.0%27%20OR%201=1',
      '/api/v1/releases/2.1/clusters',
      '/api/v1/releases/9.9.9/clusters',
      '/api/v1/releases/2.1.0/clusters/a',
      '/api/v1/releases/2.1.0/search',
      '/api/v1/lint?release=2.1.0',
      '/api/v1/changes',
      '/api/v1/changes?from=2.0.0',
      '/api/v1/changes?from=main&to=2.1.0',
      '/api/v1/changes?from=--output%3D/tmp/x&to=2.1.0',
      '/api/v1/changes?from=2.0.0&to=2.0.9',
      '/api/v1/nodes/no-such-node/history',
      '/api/v1/nodes/health-science/history?release=2.1.0',
      '/api/v1/occupations/15-9999.00',
      '/api/v1/occupations/1512',
      '/api/v1/occupations/15-1252%27%3B%20DROP%20TABLE%20x',
      '/api/v1/occupations/%E2%91%A0%E2%91%A4-1252',
      `/api/v1/occupations/${long(3000)}`,
      '/api/v1/programs/99.9999',
      '/api/v1/programs/11-0701',
      '/api/v1/releases/2.1.0/programs/11.0701%00',
      '/api/v1/occupations/15-1252?release=0.0.1',
    ];
    for (const h of HOSTILE)
      paths.push(
        `/api/v1/nodes/${h}`,
        `/api/v1/clusters/${h}`,
        `/api/v1/releases/${h}/framework.json`,
        `/api/v1/releases/1.0.0/${h}`,
        `/api/v1/occupations/${h}`,
        `/api/v1/programs/${h}`,
        `/api/v1/nodes/${h}/history`,
        `/api/v1/releases/${h}/clusters`,
        `/api/v1/releases/1.0.0/nodes/${h}`,
        `/api/v1/clusters?release=${h}`,
      );
    for (const path of paths) seen.add((await call(path)).status);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) seen.add((await call('/api/v1/framework', method)).status);
    seen.add((await call('/api/v1/releases/1.0.0/framework.json', 'DELETE')).status);
    for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io'])
      seen.add((await call('/api/v1/framework', 'GET', { Host: host })).status);
    seen.add((await call('/api/v1/framework', 'GET', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' })).status);
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual([200, 400, 403, 404, 405, 414, 421]);
  });
});

/** A plain static file server, as a CDN or GitHub Pages: a file by its path, its type by extension, else 404. */
function fileServer(root: string): Promise<{ port: number; server: Server }> {
  const types: Record<string, string> = {
    '.json': 'application/json',
    '.atom': 'application/atom+xml',
    '.csv': 'text/csv; charset=utf-8',
    '.tsv': 'text/tab-separated-values; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.md': 'text/markdown; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
  };
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        return res.writeHead(400).end();
      }
      const file = resolve(root, `.${path}`);
      const info = file.startsWith(root + sep) ? await stat(file).catch(() => undefined) : undefined;
      if (!info?.isFile()) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      const body = await readFile(file);
      res
        .writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
        .end(req.method === 'HEAD' ? undefined : body);
    })();
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ port: (server.address() as AddressInfo).port, server })));
}

describe('a static export answers as the OpenAPI document it ships says', () => {
  let dir: string;
  let site: { port: number; server: Server };
  let doc: Doc;
  let check: ReturnType<typeof contract>;
  let problems: string[] = [];
  const call = async (path: string, method = 'GET'): Promise<Answer> => {
    const answer = await send(site.port, method, path);
    problems.push(...check(method, path, answer));
    return answer;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccf-contract-'));
    const io: Io = { stdout: () => {}, stderr: (t) => void process.stderr.write(t), cwd: repoRoot, env: {}, isTTY: false };
    expect(await main(['build-site', '--out', join(dir, 'site')], io)).toBe(0);
    site = await fileServer(join(dir, 'site'));
    doc = JSON.parse(await readFile(join(dir, 'site/api/v1/openapi.json'), 'utf8')) as Doc;
    check = contract(doc);
  }, 600_000); // build-site diffs every pair of releases: minutes on a busy machine, not a hang
  beforeEach(() => void (problems = []));
  afterAll(async () => {
    site?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('documents exactly the API files the export holds, GET only, by their file names', async () => {
    const calls = operationCalls(doc, {});
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
    const files = (await readdir(join(dir, 'site/api/v1'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map(
        (e) =>
          `/api/v1/${join(e.parentPath, e.name)
            .slice(join(dir, 'site/api/v1').length + 1)
            .split(sep)
            .join('/')}`,
      );
    expect(calls.map((c) => c.path).sort()).toEqual(files.sort());
  });

  it('every documented file answers 200 with the documented type and body', async () => {
    for (const { method, path } of operationCalls(doc, {})) expect((await call(path, method)).status, path).toBe(200);
    expect(problems).toEqual([]);
  });

  it('boundary and hostile requests get what the document allows (the host’s own 4XX)', async () => {
    const paths = ['/api/v1/nodes/a.json', `/api/v1/nodes/${long(3000)}.json`];
    for (const h of HOSTILE) paths.push(`/api/v1/nodes/${h}.json`, `/api/v1/clusters/${h}.json`);
    for (const path of paths) expect((await call(path)).status, path).toBeGreaterThanOrEqual(400);
    for (const method of ['POST', 'DELETE']) expect((await call('/api/v1/framework.json', method)).status).toBe(405);
    expect(problems).toEqual([]);
  });
});

describe('the API of a state framework (ccf serve <overlay>) answers as its OpenAPI document says', () => {
  let store: NodeStore;
  let running: Running;

  beforeAll(async () => {
    store = await createNodeStore({ repoRoot, source: 'examples/state-overlay', log: () => {} });
    running = await listen(createApp(store, { allowedHosts: ['localhost'] }), { port: 0 });
  });
  afterAll(async () => {
    await running?.close();
    await store?.close();
  });

  it('nodes carry origin, baseVersion and stateChanges, and every answer fits the document', async () => {
    const doc = JSON.parse((await send(running.port, 'GET', '/api/v1/openapi.json')).body.toString('utf8')) as Doc;
    const check = contract(doc);
    const problems: string[] = [];
    const json = async (path: string): Promise<Record<string, unknown>> => {
      const answer = await send(running.port, 'GET', path);
      problems.push(...check('GET', path, answer));
      expect(answer.status, path).toBe(200);
      return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
    };
    expect(await json('/api/v1/nodes/banking-services')).toMatchObject({
      origin: 'modified',
      baseVersion: '1.0.0',
      stateChanges: ['title', 'codes'],
    });
    expect(await json('/api/v1/nodes/construction')).toMatchObject({ origin: 'national', baseVersion: '1.0.0' });
    const state = await json('/api/v1/nodes/xs-renewable-energy');
    expect([state.origin, state.baseVersion]).toEqual(['state', undefined]);
    const cluster = (await json('/api/v1/clusters/xs-engineering')) as { origin: string; children: { origin: string }[] };
    expect([cluster.origin, ...cluster.children.map((c) => c.origin)]).toEqual(['state', 'modified', 'state']);
    await json('/api/v1/framework');
    await json('/api/v1/clusters');
    expect(problems).toEqual([]);
  }, 120_000);
});
