import { allNodes, compareVersions, ID_PATTERN, isVersion, siteBaseUrl, type Framework } from '@ccf/core';
import { FEED_FILES, toVersions, type ReleaseFeedInput } from '@ccf/publish/versions';
import { Hono, type Context } from 'hono';
import type { DiffOf } from '../diffs.js';
import { ATOM_TYPE, CSV_TYPE, IMMUTABLE, JSON_FEED_TYPE, jsonDoc, makeDoc, XLSX_TYPE, type Doc } from '../doc.js';
import { HttpError } from '../errors.js';
import { goneJson, type History } from '../history.js';
import { reply } from '../headers.js';
import { codesOf, CODE_FORMAT, lookupCodes, parseCode, suggestCode, type CodeKind, type CodeMatch } from '../lookups.js';
import { clusterJson, clusterSummaryJson, frameworkJson, nodeJson } from '../model.js';
import { openApiDocument } from '../openapi.js';
import { defaultRelease, DEFAULT_WINDOW_DAYS, suggestVersion, type PinningOptions } from '../pinning.js';
import { buildIndex, MAX_QUERY, type SearchIndex } from '../search.js';
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
  /** What unpinned requests answer from (ADR 0020). */
  pinning?: PinningOptions;
}

const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The header naming the release an answer comes from, or `preview` for content that is not a release. */
export const RELEASE_HEADER = 'CCF-Release';
/** Most codes listed per release for a prefix query. */
const MAX_CODES = 200;

/** The framework one request reads: the content shown, or a release. */
interface View {
  framework: Framework;
  /** The version, or `preview` for content that is not a release (the work tree, a git ref). */
  release: string;
  /** Where this view's documents link: `api/v1/` or `api/v1/releases/<version>/`. */
  api: string;
}

/** The read API, mounted at `/api/v1` (paths as in openapi.ts). */
export function apiRoutes({ store, state, diffOf, history, base, staticSite, pinning = {} }: ApiRoutesOptions): Hono {
  const suffix = staticSite ? '.json' : '';
  const releaseDocs = new WeakMap<ReleaseFile, Promise<Doc>>();
  const indexes = new WeakMap<Framework, SearchIndex>();
  const windowDays = pinning.windowDays ?? DEFAULT_WINDOW_DAYS;
  const now = pinning.now ?? (() => new Date());
  const api = new Hono();

  /** Versions a request may name: the releases whose files pass their integrity check, newest first. */
  const versionsOf = (s: Snapshot): string[] => s.releases.map((r) => r.version);
  const listed = (versions: string[]): string => (versions.length ? versions.map((v) => `\`${v}\``).join(', ') : 'none (no releases)');

  /** Checks a release named by a request: 400 when it is not a version, 404 (with the closest) when no release has it. */
  const checkRelease = (s: Snapshot, raw: string, param: string): string => {
    const v = raw.startsWith('@') ? raw.slice(1) : raw;
    const versions = versionsOf(s);
    if (!isVersion(v))
      throw new HttpError(
        400,
        'bad-release',
        `Unexpected ${param} \`${raw.slice(0, 40)}\`, expected a release version, one of: ${listed(versions)}`,
      );
    if (!versions.includes(v)) {
      const near = suggestVersion(v, versions);
      throw new HttpError(
        404,
        'unknown-release',
        `Unknown release \`${v}\` in ${param}, expected one of: ${listed(versions)}${near ? `; did you mean \`${near}\`?` : ''}`,
      );
    }
    return v;
  };

  const releaseView = async (s: Snapshot, version: string): Promise<View> => {
    const problem = s.releases.find((r) => r.version === version)?.files.find((f) => f.problem)?.problem;
    if (problem) throw new HttpError(500, 'integrity-error', problem);
    if (!store.open) throw new HttpError(501, 'not-available', 'This server cannot open releases');
    const opened = await store.open(`@${version}`);
    if ('error' in opened) throw new HttpError(opened.error.status, opened.error.code, opened.error.message);
    return { framework: opened.framework, release: version, api: `api/v1/releases/${version}/` };
  };
  const contentView = (s: Snapshot): View => {
    const src = s.framework.source;
    return { framework: s.framework, release: src.kind === 'release' ? src.label.replace(/^@/, '') : 'preview', api: 'api/v1/' };
  };
  /** The default: the content shown, or (apiDefault `release`) the default release by the window rule. */
  const defaultVersion = (s: Snapshot): string | undefined =>
    pinning.apiDefault === 'release' ? defaultRelease(s.releases, windowDays, now()) : undefined;
  /** The view a request asks for: the path's version, else `?release=`, else the default. */
  const viewOf = async (c: Context, s: Snapshot): Promise<View> => {
    const inPath = c.req.param('version');
    const asked = c.req.query('release');
    if (inPath !== undefined && asked !== undefined)
      throw new HttpError(400, 'unexpected-parameter', 'Unexpected `release` in the query of a release path, expected one or the other');
    const raw = inPath ?? asked;
    if (raw !== undefined) return releaseView(s, checkRelease(s, raw, inPath !== undefined ? 'path' : '`release`'));
    const d = defaultVersion(s);
    return d ? releaseView(s, d) : contentView(s);
  };
  /** Routes that span releases or show the content's state refuse `release` rather than ignore it. */
  const noRelease = (c: Context, why: string): void => {
    if (c.req.query('release') !== undefined) throw new HttpError(400, 'unexpected-parameter', `Unexpected \`release\` here: ${why}`);
  };
  const pinned = (view: View): Record<string, string> => ({ [RELEASE_HEADER]: view.release });
  const indexOf = (s: Snapshot, fw: Framework): SearchIndex => {
    if (fw === s.framework) return state.index(s);
    let index = indexes.get(fw);
    if (!index) indexes.set(fw, (index = buildIndex(fw)));
    return index;
  };
  /** Every release that passes its integrity check, oldest first, then the content shown when it is not a release. */
  const allViews = async (s: Snapshot): Promise<View[]> => {
    const versions = s.releases
      .filter((r) => !r.files.some((f) => f.problem))
      .map((r) => r.version)
      .sort(compareVersions);
    const views = await Promise.all(versions.map((v) => releaseView(s, v)));
    const content = contentView(s);
    return content.release === 'preview' ? [...views, content] : views;
  };

  /** Registers a document over a view at `path`, `path.json` (the name a static export writes) and their release paths. */
  const viewDoc = (path: string, build: (v: View) => unknown, release = true): void => {
    const handler = async (c: Context): Promise<Response> => {
      const s = store.snapshot();
      const view = await viewOf(c, s);
      const doc = await state.cached(s, `api:${view.release}:${path}`, () => jsonDoc(build(view)));
      return reply(c, doc, 200, pinned(view));
    };
    for (const p of release ? [path, `/releases/:version${path}`] : [path]) {
      api.get(p, handler);
      api.get(`${p}.json`, handler);
    }
  };
  /** Registers a document of the content's state (not of a release) at `path` and `path.json`. */
  const doc = (path: string, build: (s: Snapshot) => unknown): void => {
    const handler = async (c: Context): Promise<Response> => {
      noRelease(c, `${path} is not kept per release`);
      const s = store.snapshot();
      return reply(c, await state.cached(s, `api:${path}`, () => jsonDoc(build(s))));
    };
    api.get(path, handler);
    api.get(`${path}.json`, handler);
  };
  // A release's whole framework is its published framework.json (`/releases/<version>/framework.json`).
  viewDoc('/framework', (v) => frameworkJson(v.framework), false);
  viewDoc('/clusters', (v) => v.framework.clusters.map((c) => clusterSummaryJson(c, base, suffix, v.api)));
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
  // The release feeds and versions.json: made from releases/index.json and the manifests it pins (never the clock), so
  // a feed reader or a program learns of a new release; every link in them is under the framework's baseUrl.
  const feedInput = async (s: Snapshot): Promise<ReleaseFeedInput> => ({
    baseUrl: siteBaseUrl(s.framework.meta.baseUrl),
    publisher: s.framework.meta.publisher,
    ...((await s.history?.()) ?? { releases: [] }),
  });
  const feed = (path: string, build: (s: Snapshot) => Promise<Doc>): void => {
    api.get(path, async (c) => {
      const s = store.snapshot();
      return reply(c, await state.cached(s, `api:${path}`, () => build(s)));
    });
  };
  const rendered = async (s: Snapshot, kind: 'atom' | 'json'): Promise<string> => {
    const render = (await s.history?.())?.render;
    if (!render) throw new HttpError(501, 'not-available', 'This server was started without the release feeds');
    return render[kind](await feedInput(s));
  };
  feed(`/${FEED_FILES.atom}`, async (s) => makeDoc(await rendered(s, 'atom'), ATOM_TYPE));
  for (const path of ['/feed', '/feed.json']) feed(path, async (s) => makeDoc(await rendered(s, 'json'), JSON_FEED_TYPE));
  for (const path of ['/versions', '/versions.json']) feed(path, async (s) => jsonDoc(toVersions(await feedInput(s))));

  api.get('/openapi.json', async (c) => {
    const s = store.snapshot();
    const d = defaultVersion(s);
    const defaults = { release: d ?? contentView(s).release, windowDays, policy: pinning.apiDefault ?? 'content' } as const;
    // A static export describes the files it holds, which follow the content.
    return reply(
      c,
      await state.cached(s, `api:/openapi.json:${defaults.release}`, () =>
        jsonDoc(openApiDocument(base, staticSite ? staticLayout(s) : undefined, defaults)),
      ),
    );
  });

  const idParam = (c: Context): string => {
    const raw = c.req.param('id') ?? '';
    const id = raw.endsWith('.json') ? raw.slice(0, -5) : raw;
    if (!ID_PATTERN.test(id))
      throw new HttpError(404, 'not-found', `Unexpected id \`${id.slice(0, 100)}\`, expected a lowercase kebab-case id`);
    return id;
  };
  const clusterHandler = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    const id = idParam(c);
    const view = await viewOf(c, s);
    const node = view.framework.nodes.get(id);
    if (node?.type !== 'cluster')
      throw new HttpError(404, 'not-found', `Unexpected cluster id \`${id}\`, expected one of the ids in /api/v1/clusters`);
    return reply(c, await state.cached(s, `api:${view.release}:/clusters/${id}`, () => jsonDoc(clusterJson(node))), 200, pinned(view));
  };
  api.get('/clusters/:id', clusterHandler);
  api.get('/releases/:version/clusters/:id', clusterHandler);

  const historyHandler = async (c: Context): Promise<Response> => {
    noRelease(c, 'a history lists every release');
    const s = store.snapshot();
    const id = idParam(c);
    const views = await allViews(s);
    const doc = await state.cached(s, `api:/nodes/${id}/history`, async () => {
      const entries = nodeHistory(views, id);
      if (!entries.some((e) => e.present || e.successors.length))
        throw new HttpError(404, 'not-found', `Unknown node id \`${id}\`, expected the id of a node in a release or in the content`);
      return jsonDoc({ id, releases: entries });
    });
    return reply(c, doc);
  };
  api.get('/nodes/:id/history', historyHandler);
  api.get('/nodes/:id/history.json', historyHandler);

  const nodeHandler = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    const id = idParam(c);
    const view = await viewOf(c, s);
    const node = view.framework.nodes.get(id);
    if (!node) {
      const gone = await goneDoc(s, id);
      if (gone) return reply(c, gone, 410, pinned(view));
      throw new HttpError(404, 'not-found', `Unexpected node id \`${id}\`, expected the id of a cluster or sub-cluster`);
    }
    return reply(
      c,
      await state.cached(s, `api:${view.release}:/nodes/${id}`, () => jsonDoc(nodeJson(view.framework, node))),
      200,
      pinned(view),
    );
  };
  // An id a later version replaced never dead-ends: 410 Gone with its successors, shares and the version that
  // replaced it (ADR 0019 says why not a redirect).
  const goneDoc = async (s: Snapshot, id: string): Promise<Doc | undefined> => {
    const r = await history(s).gone(id);
    return r && state.cached(s, `api:/nodes/${id}:gone`, () => jsonDoc(goneJson(r, base, suffix)));
  };
  api.get('/nodes/:id', nodeHandler);
  api.get('/releases/:version/nodes/:id', nodeHandler);

  const searchHandler = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    const q = c.req.query('q');
    if (!q?.trim()) throw new HttpError(400, 'missing-parameter', 'Missing `q`, expected words, an occupation title or a SOC code');
    if (q.length > MAX_QUERY)
      throw new HttpError(400, 'query-too-long', `Unexpected query of ${q.length} characters, expected at most ${MAX_QUERY}`);
    const view = await viewOf(c, s);
    const { total, hits } = indexOf(s, view.framework).search(q);
    const results = hits.map((hit) => ({
      id: hit.node.id,
      type: hit.node.type,
      title: hit.node.title,
      ...(hit.node.type === 'subcluster' ? { parent: hit.node.parent } : {}),
      score: hit.score,
      matched: hit.fields,
      ...(hit.occupations.length ? { occupations: hit.occupations } : {}),
      href: `${base}${view.api}nodes/${hit.node.id}`,
    }));
    return reply(c, await jsonDoc({ query: q, total, results }), 200, pinned(view));
  };
  api.get('/search', searchHandler);
  api.get('/releases/:version/search', searchHandler);

  /** Which clusters and sub-clusters hold a code, per release (or in the one release asked for). */
  const lookup =
    (kind: CodeKind) =>
    async (c: Context): Promise<Response> => {
      const s = store.snapshot();
      const raw = c.req.param(kind === 'occupation' ? 'soc' : 'cip') ?? '';
      const code = raw.endsWith('.json') ? raw.slice(0, -5) : raw;
      const q = parseCode(kind, code);
      if (!q) throw new HttpError(400, 'bad-code', `Unexpected ${kind} code \`${code.slice(0, 40)}\`, expected ${CODE_FORMAT[kind]}`);
      const one = c.req.param('version') !== undefined || c.req.query('release') !== undefined;
      const views = one ? [await viewOf(c, s)] : await allViews(s);
      const key = `api:${one ? views[0]!.release : '*'}:/${kind}/${code}`;
      const doc = await state.cached(s, key, async () => {
        const releases = views.map((v) => ({ view: v, codes: lookupCodes(v.framework, q) }));
        if (releases.every((r) => !r.codes.length)) {
          const near = suggestCode(code, new Set(views.flatMap((v) => codesOf(v.framework, kind))));
          const where = one ? `release ${views[0]!.release}` : 'any release';
          throw new HttpError(
            404,
            'unknown-code',
            `Unknown ${kind} code \`${code}\`: not held in ${where}${near ? `; did you mean \`${near}\`?` : ''}`,
          );
        }
        const title = releases.flatMap((r) => r.codes).find((m: CodeMatch) => m.code === code && m.title)?.title;
        return jsonDoc({
          query: code,
          kind,
          prefix: q.prefix,
          ...(title ? { title } : {}),
          releases: releases.map(({ view, codes }) => ({
            release: view.release,
            total: codes.length,
            codes: codes.slice(0, MAX_CODES).map((m) => ({
              ...m,
              heldBy: m.heldBy.map((h) => ({ ...h, href: `${base}${view.api}nodes/${h.id}${suffix}` })),
            })),
          })),
        });
      });
      return reply(c, doc, 200, one ? pinned(views[0]!) : {});
    };
  for (const [kind, path] of [
    ['occupation', 'occupations/:soc'],
    ['program', 'programs/:cip'],
  ] as const) {
    api.get(`/${path}`, lookup(kind));
    api.get(`/releases/:version/${path}`, lookup(kind));
  }

  api.get('/changes', async (c) => {
    noRelease(c, 'name the two releases in `from` and `to`');
    const s = store.snapshot();
    const [from, to] = (['from', 'to'] as const).map((name) => {
      const v = c.req.query(name);
      if (!v) throw new HttpError(400, 'missing-parameter', `Missing \`${name}\`, expected a release, one of: ${listed(versionsOf(s))}`);
      return checkRelease(s, v, `\`${name}\``);
    }) as [string, string];
    const doc = await state.cached(s, `api:/changes/${from}/${to}`, async () => jsonDoc((await diffOf(s, `@${from}`, `@${to}`)).changeSet));
    return reply(c, doc);
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
    noRelease(c, 'name the versions in `from` and `to`');
    const s = store.snapshot();
    const result = await diffOf(s, c.req.query('from'), c.req.query('to'));
    return reply(c, await jsonDoc(result.changeSet));
  });
  api.get('/crosswalk', async (c) => {
    noRelease(c, 'name the versions in `from` and `to`');
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

/** One release's view of a node: what it was called, where it sat, and its lineage both ways. */
interface HistoryEntry {
  release: string;
  present: boolean;
  type?: string;
  title?: string;
  parent?: string;
  status?: string;
  derivedFrom?: string[];
  /** Nodes of this release that continue this one (`derivedFrom` names it). */
  successors: { id: string; title: string }[];
  /** What differs from the previous entry: `added`, `removed`, `title`, `parent`, `status`, `derivedFrom`. */
  changed: string[];
}

/** A node through every view, oldest first. */
function nodeHistory(views: View[], id: string): HistoryEntry[] {
  let prev: HistoryEntry | undefined;
  return views.map((v) => {
    const n = v.framework.nodes.get(id);
    const successors = allNodes(v.framework)
      .filter((m) => m.id !== id && m.derivedFrom.includes(id))
      .map((m) => ({ id: m.id, title: m.title }));
    const entry: HistoryEntry = n
      ? {
          release: v.release,
          present: true,
          type: n.type,
          title: n.title,
          ...(n.type === 'subcluster' ? { parent: n.parent } : {}),
          status: n.status,
          derivedFrom: n.derivedFrom,
          successors,
          changed: [],
        }
      : { release: v.release, present: false, successors, changed: [] };
    if (prev?.present && !entry.present) entry.changed.push('removed');
    else if (entry.present && !prev?.present) entry.changed.push('added');
    else if (entry.present && prev?.present)
      for (const k of ['title', 'parent', 'status', 'derivedFrom'] as const)
        if (JSON.stringify(entry[k]) !== JSON.stringify(prev[k])) entry.changed.push(k);
    prev = entry;
    return entry;
  });
}
