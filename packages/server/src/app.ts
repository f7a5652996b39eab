import { ID_PATTERN, isVersion, type Framework } from '@ccf/core';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { iconSvg, liveJs, siteCss } from './assets.js';
import { CSV_TYPE, HTML_TYPE, IMMUTABLE, jsonDoc, makeDoc, send, type Doc } from './doc.js';
import { HttpError } from './errors.js';
import type { SafeHtml } from './html.js';
import { clusterJson, clusterSummaryJson, frameworkJson, nodeJson } from './model.js';
import { openApiDocument } from './openapi.js';
import { clusterPage, overviewPage, subclusterPage } from './pages/framework.js';
import type { PageContext } from './pages/layout.js';
import { crosswalkPage, diffPage, errorPage, lintPage, releasesPage, searchPage } from './pages/other.js';
import { buildIndex, MAX_QUERY, type SearchIndex } from './search.js';
import { checkSpec } from './spec.js';
import type { DiffResult, ReleaseFile, Snapshot, SpecProblem, Store } from './store.js';

export interface AppOptions {
  /** Path prefix of every link, ending in `/`. Default `/`. */
  base?: string;
  /**
   * Host names the server answers to (a request for any other is refused: DNS rebinding).
   * Default: localhost, 127.0.0.1 and ::1. `'*'` answers any (behind a proxy that checks it).
   */
  allowedHosts?: string[] | '*';
  /**
   * Links inside API documents name the files a static export writes (`…/nodes/x.json`).
   * Set by `ccf build-site`; the live server answers both names.
   */
  staticSite?: boolean;
  /** Longest time a diff may take, in ms, before the request gets a 503. Default 20 s. */
  diffTimeout?: number;
}

/** The longest URL accepted. */
export const MAX_URL = 4096;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Per-snapshot state: documents encoded once, the search index. */
interface Derived {
  docs: Map<string, Promise<Doc>>;
  index?: SearchIndex;
  diffs: Map<string, Promise<DiffResult>>;
}

/**
 * The preview site and read API over a store. Uses Web APIs only (no file system, no process),
 * so it runs on Node, an edge runtime, or is pre-rendered to files.
 */
export function createApp(store: Store, options: AppOptions = {}): Hono {
  const base = options.base ?? '/';
  const hosts = options.allowedHosts ?? DEFAULT_HOSTS;
  const live = typeof store.subscribe === 'function';
  const diffTimeout = options.diffTimeout ?? 20_000;
  const suffix = options.staticSite ? '.json' : '';
  const derived = new WeakMap<Snapshot, Derived>();
  const releaseDocs = new WeakMap<ReleaseFile, Promise<Doc>>();
  const assets = new Map<string, Promise<Doc>>();

  const stateOf = (s: Snapshot): Derived => {
    let d = derived.get(s);
    if (!d) derived.set(s, (d = { docs: new Map(), diffs: new Map() }));
    return d;
  };
  /** A document computed once per snapshot and path. */
  const cached = (s: Snapshot, key: string, build: () => Promise<Doc>): Promise<Doc> => {
    const docs = stateOf(s).docs;
    let doc = docs.get(key);
    if (!doc) {
      doc = build();
      docs.set(key, doc);
      doc.catch(() => docs.delete(key));
    }
    return doc;
  };
  const pageContext = (s: Snapshot): PageContext => ({ base, snapshot: s, live });
  const htmlDoc = (page: SafeHtml): Promise<Doc> => makeDoc(page.value, HTML_TYPE);
  const isApi = (c: Context): boolean => c.req.path.startsWith('/api/');
  const isPublished = (c: Context): boolean => PUBLISHED.test(c.req.path);

  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    // No stack traces to users: the message is generic, the details stay on the server.
    console.error(err);
    return errorResponse(c, new HttpError(503, 'internal', 'Something went wrong on the server; try again.'));
  });
  app.notFound((c) =>
    errorResponse(c, new HttpError(404, 'not-found', `Unexpected path \`${c.req.path}\`, expected a page or an /api/v1 document`)),
  );

  const errorResponse = async (c: Context, err: HttpError): Promise<Response> => {
    // A request for a foreign host gets nothing another site could read, whatever its path.
    const headers: Record<string, string> = { ...(err.status === 421 ? PRIVATE_HEADERS : baseHeaders(c)), 'Cache-Control': 'no-store' };
    if (err.status === 405) headers['Allow'] = isPublished(c) ? 'GET, HEAD, OPTIONS' : 'GET, HEAD';
    if (isApi(c) || err.status === 421) {
      return c.body(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`, err.status, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
      });
    }
    const title = err.status === 404 ? 'Not found' : err.status === 400 ? 'Bad request' : 'Error';
    const page = errorPage(pageContext(store.snapshot()), title, err.message);
    return c.body(page.value, err.status, { ...headers, 'Content-Type': HTML_TYPE });
  };

  // Refuse before anything else: an unknown Host (DNS rebinding), a method other than GET/HEAD,
  // an overlong URL, a request another site makes for what only this machine's user may read.
  app.use(async (c, next) => {
    if (hosts !== '*') {
      const host = hostOf(c);
      if (!hosts.includes(host)) throw new HttpError(421, 'bad-host', `Unexpected host \`${host}\`, expected one of ${hosts.join(', ')}`);
    }
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && !(method === 'OPTIONS' && isPublished(c))) {
      throw new HttpError(405, 'method-not-allowed', `Unexpected method ${method}, expected GET or HEAD`);
    }
    if (c.req.url.length > MAX_URL)
      throw new HttpError(414, 'uri-too-long', `Unexpected URL of ${c.req.url.length} characters, expected at most ${MAX_URL}`);
    if (!isPublished(c) && crossSite(c))
      throw new HttpError(
        403,
        'cross-site',
        'Unexpected request from another site, expected one from this preview: it shows the work tree and git refs of this machine',
      );
    await next();
  });

  // Security and CORS headers go into the response as it is made (one plain object), never patched
  // onto it afterwards: hono's secureHeaders() and cors() rewrite c.res.headers after next(), which
  // makes @hono/node-server give up its direct-write path and stream the body (measured: 5× slower
  // on a 300 KB release file). The values are the ones secureHeaders() sends, plus a strict CSP.
  // A plain object (not c.header() calls) also skips building a Headers object per request.
  // Only published release files are for other sites (CORS): everything else shows the work tree or a git
  // ref of the machine the preview runs on, which a page the user happens to visit must not read.
  const baseHeaders = (c: Context): Record<string, string> => (isPublished(c) ? PUBLISHED_HEADERS : PRIVATE_HEADERS);
  /** Every response goes out through here (or errorResponse): one plain header object, no Headers rewriting. */
  const reply = (c: Context, doc: Doc, status?: Parameters<typeof send>[2], extra?: Record<string, string>): Response =>
    send(c, doc, status, extra ? { ...baseHeaders(c), ...extra } : baseHeaders(c));
  app.use(async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      // CORS preflight (If-None-Match is not a CORS-safelisted header, so revalidation asks first); only
      // published paths get this far.
      const asked = (c.req.header('access-control-request-headers') ?? '').slice(0, 200);
      return c.body(null, 204, {
        ...PUBLISHED_HEADERS,
        'Access-Control-Allow-Methods': 'GET,HEAD,OPTIONS',
        ...(asked && /^[A-Za-z0-9, -]+$/.test(asked) ? { 'Access-Control-Allow-Headers': asked } : {}),
        'Access-Control-Max-Age': '86400',
      });
    }
    await next();
  });

  // --- assets ---------------------------------------------------------------------------------
  const asset = (name: string, text: string, type: string): void => {
    app.get(`/assets/${name}`, async (c) => {
      let doc = assets.get(name);
      if (!doc) assets.set(name, (doc = makeDoc(text, type, 'public, max-age=300')));
      return reply(c, await doc);
    });
  };
  asset('site.css', siteCss, 'text/css; charset=utf-8');
  asset('live.js', liveJs, 'text/javascript; charset=utf-8');
  asset('icon.svg', iconSvg, 'image/svg+xml');

  if (live) {
    app.get('/_live', (c) => {
      for (const [k, v] of Object.entries(PRIVATE_HEADERS)) c.header(k, v);
      return streamSSE(c, async (stream) => {
        let stop = (): void => {};
        const done = new Promise<void>((resolve) => {
          stop = resolve;
        });
        await stream.writeSSE({ event: 'generation', data: String(store.snapshot().generation) });
        const unsubscribe = store.subscribe!((s) => void stream.writeSSE({ event: 'generation', data: String(s.generation) }).catch(stop));
        const ping = setInterval(() => void stream.write(': ping\n\n').catch(stop), 25_000);
        stream.onAbort(stop);
        await done;
        clearInterval(ping);
        unsubscribe();
      });
    });
  }

  // --- pages ----------------------------------------------------------------------------------
  const page = (path: string, build: (ctx: PageContext, s: Snapshot, params: Record<string, string>) => SafeHtml | undefined): void => {
    app.get(path, async (c) => {
      const s = store.snapshot();
      const params = c.req.param() as Record<string, string>;
      const doc = await cached(s, `page:${c.req.path}`, async () => {
        const html = build(pageContext(s), s, params);
        if (!html) throw new HttpError(404, 'not-found', `Unexpected path \`${c.req.path}\`, expected a page of this framework`);
        return htmlDoc(html);
      });
      return reply(c, doc);
    });
  };
  page('/', (ctx) => overviewPage(ctx));
  page('/lint', (ctx) => lintPage(ctx));
  page('/releases', (ctx, s) => releasesPage(ctx, s.releases));
  page('/clusters/:id', (ctx, s, p) => {
    const node = s.framework.nodes.get(p.id ?? '');
    return node?.type === 'cluster' ? clusterPage(ctx, node) : undefined;
  });
  page('/clusters/:cluster/:id', (ctx, s, p) => {
    const node = s.framework.nodes.get(p.id ?? '');
    if (node?.type !== 'subcluster' || node.parent !== p.cluster) return undefined;
    const parent = s.framework.nodes.get(node.parent);
    return parent?.type === 'cluster' ? subclusterPage(ctx, node, parent) : undefined;
  });

  app.get('/search', async (c) => {
    const s = store.snapshot();
    const q = c.req.query('q') ?? '';
    if (q.length > MAX_QUERY) {
      const html = searchPage(
        pageContext(s),
        q.slice(0, MAX_QUERY),
        undefined,
        `Unexpected query of ${q.length} characters, expected at most ${MAX_QUERY}`,
      );
      return reply(c, await htmlDoc(html), 400);
    }
    const result = q.trim() ? indexOf(s).search(q) : undefined;
    return reply(c, await htmlDoc(searchPage(pageContext(s), q, result)));
  });

  const indexOf = (s: Snapshot): SearchIndex => {
    const d = stateOf(s);
    return (d.index ??= buildIndex(s.framework));
  };

  // --- versions and diffs ---------------------------------------------------------------------
  /** Opens a version named in a query string; undefined or empty means the current content. */
  const openSpec = async (s: Snapshot, spec: string | undefined, param: string): Promise<Framework> => {
    if (!spec) return s.framework;
    const problem = checkSpec(spec, param);
    if (problem) throw problemError(problem);
    if (!store.open) throw new HttpError(501, 'not-available', 'This server cannot open other versions');
    const opened = await store.open(spec);
    if ('error' in opened) throw problemError(opened.error);
    return opened.framework;
  };
  const problemError = (p: SpecProblem): HttpError => new HttpError(p.status, p.code, p.message);

  const diffOf = (s: Snapshot, from: string | undefined, to: string | undefined): Promise<DiffResult> => {
    if (!from) throw new HttpError(400, 'missing-parameter', 'Missing `from`, expected a release such as `@1.0.0` or a git ref');
    // Check both before any work, so a bad `to` is a 400 whatever `from` is.
    for (const [spec, name] of [
      [from, 'from'],
      [to, 'to'],
    ] as const) {
      const problem = spec ? checkSpec(spec, name) : undefined;
      if (problem) throw problemError(problem);
    }
    if (!store.diff) throw new HttpError(501, 'not-available', 'Comparing versions is not available on this server yet');
    const diff = store.diff.bind(store);
    const key = `${from}\u0000${to ?? ''}`;
    const diffs = stateOf(s).diffs;
    let result = diffs.get(key);
    if (!result) {
      result = withTimeout(
        (async () => {
          const [a, b] = await Promise.all([openSpec(s, from, 'from'), openSpec(s, to, 'to')]);
          return diff(a, b);
        })(),
        diffTimeout,
      );
      diffs.set(key, result);
      // Refs move (a branch gains commits): keep only release-to-release and release-to-current results.
      const stable = from.startsWith('@') && (!to || to.startsWith('@'));
      result.then(
        () => void (stable || diffs.delete(key)),
        () => diffs.delete(key),
      );
      if (diffs.size > 32) diffs.delete(diffs.keys().next().value!);
    }
    return result;
  };

  const pageWithError = async (c: Context, render: (error?: string) => SafeHtml, work: () => Promise<void>): Promise<Response> => {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof HttpError) || err.status === 503) throw err;
      return reply(c, await htmlDoc(render(err.message)), err.status === 404 ? 404 : err.status === 501 ? 501 : 400);
    }
    return reply(c, await htmlDoc(render()));
  };

  app.get('/diff', async (c) => {
    const s = store.snapshot();
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    let result: DiffResult | undefined;
    return pageWithError(
      c,
      (error) => diffPage(pageContext(s), from, to, result, error),
      async () => {
        if (from) result = await diffOf(s, from, to);
      },
    );
  });

  app.get('/crosswalk', async (c) => {
    const s = store.snapshot();
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    const filter = { relation: (c.req.query('relation') ?? '').slice(0, 40), text: (c.req.query('text') ?? '').slice(0, MAX_QUERY) };
    let result: DiffResult | undefined;
    return pageWithError(
      c,
      (error) => crosswalkPage(pageContext(s), from, to, result, filter, error),
      async () => {
        if (from) result = await diffOf(s, from, to);
      },
    );
  });

  // --- API ------------------------------------------------------------------------------------
  const api = new Hono();
  /** Registers `path` and `path.json` (the name a static export writes). */
  const doc = (path: string, build: (s: Snapshot) => unknown): void => {
    const handler = async (c: Context): Promise<Response> => {
      const s = store.snapshot();
      return reply(c, await cached(s, `api:${path}`, () => jsonDoc(build(s))));
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
  api.get('/openapi.json', async (c) => reply(c, await (openapi ??= jsonDoc(openApiDocument(base)))));

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
    return reply(c, await cached(s, `api:/clusters/${id}`, () => jsonDoc(clusterJson(node))));
  });
  api.get('/nodes/:id', async (c) => {
    const s = store.snapshot();
    const id = idParam(c);
    const node = s.framework.nodes.get(id);
    if (!node) throw new HttpError(404, 'not-found', `Unexpected node id \`${id}\`, expected the id of a cluster or sub-cluster`);
    return reply(c, await cached(s, `api:/nodes/${id}`, () => jsonDoc(nodeJson(s.framework, node))));
  });
  api.get('/search', async (c) => {
    const s = store.snapshot();
    const q = c.req.query('q');
    if (!q?.trim()) throw new HttpError(400, 'missing-parameter', 'Missing `q`, expected words, an occupation title or a SOC code');
    if (q.length > MAX_QUERY)
      throw new HttpError(400, 'query-too-long', `Unexpected query of ${q.length} characters, expected at most ${MAX_QUERY}`);
    const { total, hits } = indexOf(s).search(q);
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
    if (format !== 'json' && format !== 'csv')
      throw new HttpError(400, 'bad-format', `Unexpected format \`${format.slice(0, 40)}\`, expected \`json\` or \`csv\``);
    const result = await diffOf(s, c.req.query('from'), c.req.query('to'));
    if (format === 'csv') {
      const part = (label: string): string =>
        label
          .replace(/^@/, '')
          .replace(/^.*\//, '')
          .replace(/[^A-Za-z0-9._-]+/g, '_');
      const name = `crosswalk-${part(result.from)}-${part(result.to)}.csv`;
      return reply(c, await makeDoc(result.csv, CSV_TYPE), 200, { 'Content-Disposition': `attachment; filename="${name}"` });
    }
    return reply(c, await jsonDoc({ from: result.from, to: result.to, rows: result.crosswalk }));
  });
  api.notFound((c) =>
    errorResponse(
      c,
      new HttpError(404, 'not-found', `Unexpected path \`${c.req.path}\`, expected one of the paths in /api/v1/openapi.json`),
    ),
  );
  app.route('/api/v1', api);

  return app;
}

/** A release file: `/api/v1/releases/<version>/<file>`, immutable and published for anyone. */
const PUBLISHED = /^\/api\/v1\/releases\/[^/]+\/[^/]+$/;

/** Headers of everything that is not a published release file: same-origin only. */
const PRIVATE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Not even embeddable (<script>, <img>) by another site: what is not readable should not load there either.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/** Headers of a published release file: any site may read it (CORS), and embed it. */
const PUBLISHED_HEADERS: Record<string, string> = {
  ...PRIVATE_HEADERS,
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Content-Length',
};

/**
 * Whether a browser says a page of another origin made this request (Fetch Metadata; `same-site` counts:
 * another port on localhost is another program). Without CORS such a site cannot
 * read the answer, but it can still make the server work and load the answer as a script or an image, so
 * only a top-level navigation (a link the user follows into their own tab) is let through, and not even
 * that for a page that reads git refs (`/diff?from=main`): which refs get read is the user's choice.
 * Clients that send no Fetch Metadata (curl, scripts, older browsers) pass: for them CORS alone keeps other
 * sites from reading.
 */
function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (!site || site === 'same-origin' || site === 'none') return false;
  const navigation = c.req.header('sec-fetch-mode') === 'navigate' && (c.req.header('sec-fetch-dest') ?? 'document') === 'document';
  if (!navigation || c.req.path.startsWith('/api/') || c.req.path === '/_live') return true;
  const reads = (name: string): boolean => c.req.queries(name)?.some((v) => v !== '' && !v.startsWith('@')) ?? false;
  return reads('from') || reads('to');
}

/** The host name a request was sent to, from the Host header (cheap), else the URL. */
function hostOf(c: Context): string {
  const header = c.req.header('host');
  if (!header) return new URL(c.req.url).hostname.toLowerCase();
  const h = header.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(503, 'timeout', `The comparison took longer than ${ms / 1000} s; try two releases, or again later`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
