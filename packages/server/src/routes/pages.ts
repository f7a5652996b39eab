import { ID_PATTERN, type FrameworkNode } from '@ccf/core';
import { Hono, type Context } from 'hono';
import type { DiffOf } from '../diffs.js';
import { HTML_TYPE, makeDoc, type Doc } from '../doc.js';
import { HttpError } from '../errors.js';
import { reply } from '../headers.js';
import type { SafeHtml } from '../html.js';
import type { History } from '../history.js';
import { clusterPage, gonePage, overviewPage, subclusterPage, type Across } from '../pages/framework.js';
import type { PageContext } from '../pages/layout.js';
import { crosswalkPage, diffPage, lintPage, releasesPage, searchPage, staticSearchPage } from '../pages/other.js';
import { comparePage, hiddenPage, nationalNodePage } from '../pages/state.js';
import { MAX_QUERY } from '../search.js';
import type { SnapshotState } from '../state.js';
import type { DiffResult, Snapshot, Store } from '../store.js';

export interface PageRoutesOptions {
  store: Store;
  state: SnapshotState;
  diffOf: DiffOf;
  /** The context every page of a snapshot is rendered in. */
  pageContext: (s: Snapshot) => PageContext;
  /** Lineage across releases, per snapshot. */
  history: (s: Snapshot) => History;
}

const htmlDoc = (page: SafeHtml): Promise<Doc> => makeDoc(page.value, HTML_TYPE);

/** The preview's HTML pages: overview, clusters and sub-clusters, lint, releases, search, diff and crosswalk. */
export function pageRoutes({ store, state, diffOf, pageContext, history }: PageRoutesOptions): Hono {
  const app = new Hono();

  /**
   * Pages that answer with another status than 200: 410 Gone for an id an earlier version held, replaced since; 404
   * for a national node a state framework hides (the page says why).
   */
  const statusOf = new WeakMap<Doc, 404 | 410>();
  /**
   * A page rendered once per snapshot and path; `build` returning undefined is a page for a hidden node (404) or a
   * replaced id (410) where `fallback` is set, else a plain 404.
   */
  const page = (
    path: string,
    build: (ctx: PageContext, s: Snapshot, params: Record<string, string>) => SafeHtml | undefined | Promise<SafeHtml | undefined>,
    fallback = true,
  ): void => {
    app.get(path, async (c) => {
      const s = store.snapshot();
      const params = c.req.param() as Record<string, string>;
      const doc = await state.cached(s, `page:${c.req.path}`, async () => {
        const html = await build(pageContext(s), s, params);
        if (html) return htmlDoc(html);
        const hidden = fallback ? hiddenNodePage(s, params) : undefined;
        const replaced = fallback && !hidden ? await replacedPage(s, params) : undefined;
        if (!hidden && !replaced)
          throw new HttpError(404, 'not-found', `Unexpected path \`${c.req.path}\`, expected a page of this framework`);
        const d = await htmlDoc((hidden ?? replaced)!);
        statusOf.set(d, hidden ? 404 : 410);
        return d;
      });
      return reply(c, doc, statusOf.get(doc) ?? 200);
    });
  };
  /** A national node the state framework hides, at its national path: "hidden in <state>: reason", not a bare 404. */
  const hiddenNodePage = (s: Snapshot, params: Record<string, string>): SafeHtml | undefined => {
    const hidden = s.framework.overlay?.hidden.find((x) => x.id === params.id);
    const national = hidden && s.base?.nodes.get(hidden.id);
    if (!hidden || !national) return undefined;
    const placed =
      params.cluster === undefined ? national.type === 'cluster' : national.type === 'subcluster' && national.parent === params.cluster;
    return placed ? hiddenPage(pageContext(s), hidden) : undefined;
  };
  /** A node path this snapshot does not hold that an earlier version held (under that cluster): its successors, so an old link never dead-ends (ADR 0019). */
  const replacedPage = async (s: Snapshot, params: Record<string, string>): Promise<SafeHtml | undefined> => {
    const id = params.id ?? '';
    const r = ID_PATTERN.test(id) ? await history(s).gone(id) : undefined;
    const placed = r && (params.cluster === undefined ? r.node.type === 'cluster' : r.node.parent === params.cluster);
    return r && placed ? gonePage(pageContext(s), r) : undefined;
  };
  const across = async (s: Snapshot, node: FrameworkNode): Promise<Across> => {
    const h = history(s);
    const [earlier, later] = await Promise.all([h.earlier(node), h.later(node.id)]);
    return { earlier, ...(later ? { later } : {}) };
  };
  page('/', (ctx) => overviewPage(ctx));
  page('/lint', (ctx) => lintPage(ctx));
  page('/releases', (ctx, s) => releasesPage(ctx, s.releases));
  // A state framework's national side: the comparison, and each node of the base.
  page('/national', (ctx, s) => (s.framework.overlay && s.base ? comparePage(ctx) : undefined), false);
  page(
    '/national/clusters/:id',
    (ctx, s, p) => {
      const node = s.framework.overlay ? s.base?.nodes.get(p.id ?? '') : undefined;
      return node?.type === 'cluster' ? nationalNodePage(ctx, node) : undefined;
    },
    false,
  );
  page(
    '/national/clusters/:cluster/:id',
    (ctx, s, p) => {
      const node = s.framework.overlay ? s.base?.nodes.get(p.id ?? '') : undefined;
      return node?.type === 'subcluster' && node.parent === p.cluster ? nationalNodePage(ctx, node) : undefined;
    },
    false,
  );
  page('/clusters/:id', async (ctx, s, p) => {
    const node = s.framework.nodes.get(p.id ?? '');
    return node?.type === 'cluster' ? clusterPage(ctx, node, await across(s, node)) : undefined;
  });
  page('/clusters/:cluster/:id', async (ctx, s, p) => {
    const node = s.framework.nodes.get(p.id ?? '');
    if (node?.type !== 'subcluster' || node.parent !== p.cluster) return undefined;
    const parent = s.framework.nodes.get(node.parent);
    return parent?.type === 'cluster' ? subclusterPage(ctx, node, parent, await across(s, node)) : undefined;
  });

  app.get('/search', async (c) => {
    const s = store.snapshot();
    // A static export has no server to ask: its page searches the Pagefind index in the browser.
    if (pageContext(s).staticSite) return reply(c, await state.cached(s, 'page:/search', () => htmlDoc(staticSearchPage(pageContext(s)))));
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
    const result = q.trim() ? state.index(s).search(q) : undefined;
    return reply(c, await htmlDoc(searchPage(pageContext(s), q, result)));
  });

  /** A page that shows a bad parameter (or an unknown version) inside itself, with the matching status. */
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
      (error) => diffPage(pageContext(s), from, to, result, error, c.req.query('flow') === 'subcluster' ? 'subcluster' : 'cluster'),
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

  return app;
}
