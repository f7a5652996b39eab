import { CASE_API_PATH, ID_PATTERN, isVersion } from '@ccf/core';
import { Hono, type Context } from 'hono';
import { caseIndex, type CaseIndex } from '../case.js';
import type { DiffOf } from '../diffs.js';
import { HTML_TYPE, makeDoc } from '../doc.js';
import { HttpError } from '../errors.js';
import { reply } from '../headers.js';
import { h, type SafeHtml } from '../html.js';
import { layout, type PageContext } from '../pages/layout.js';
import { crosswalkPage, releasesPage } from '../pages/other.js';
import type { SnapshotState } from '../state.js';
import type { Snapshot, Store } from '../store.js';

export interface LinkRoutesOptions {
  store: Store;
  state: SnapshotState;
  diffOf: DiffOf;
  pageContext: (s: Snapshot) => PageContext;
}

/** Every ccf id a release or the content knows, with its title and where it lives. */
function knownIds(s: Snapshot, index: CaseIndex): Map<string, { title: string; caseItem?: string; inContent: boolean }> {
  const out = new Map<string, { title: string; caseItem?: string; inContent: boolean }>();
  for (const [identifier, held] of index.items) {
    const ccfId = (held.record.extensions as { ccfId?: unknown } | undefined)?.ccfId;
    if (typeof ccfId === 'string' && ID_PATTERN.test(ccfId))
      out.set(ccfId, { title: String(held.record.fullStatement ?? ccfId), caseItem: identifier, inContent: false });
  }
  for (const [id, node] of s.framework.nodes) out.set(id, { ...out.get(id), title: node.title, inContent: true });
  return out;
}

/**
 * The pages the SSSOM crosswalk's IRIs name (siteRoutes(): `id/`, `id/<id>`, `releases/`, `releases/<version>`,
 * `crosswalk/<from>/<to>`), so that a published mapping set's links resolve on the site.
 */
export function linkRoutes({ store, state, diffOf, pageContext }: LinkRoutesOptions): Hono {
  const app = new Hono();
  const indexes = new WeakMap<Snapshot, CaseIndex>();
  const indexOf = (s: Snapshot): CaseIndex => {
    let index = indexes.get(s);
    if (!index) indexes.set(s, (index = caseIndex(s.releases)));
    return index;
  };
  const notFound = (c: Context): HttpError =>
    new HttpError(404, 'not-found', `Unexpected path \`${c.req.path.slice(0, 200)}\`, expected a known id, release or pair of releases`);
  const page = async (c: Context, s: Snapshot, key: string, build: () => SafeHtml): Promise<Response> =>
    reply(c, await state.cached(s, key, () => makeDoc(build().value, HTML_TYPE)));

  const idIndex = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    return page(c, s, 'links:id', () => {
      const ctx = pageContext(s);
      const ids = [...knownIds(s, indexOf(s))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const items = ids.map(([id, v]) => h`<li><a href="${ctx.base}id/${id}"><code>${id}</code></a> ${v.title}</li>`);
      return layout(ctx, { title: 'Every id' }, h`<h1>Every id</h1><p>The ids of the content and of every release.</p><ul>${items}</ul>`);
    });
  };
  app.get('/id/', idIndex);
  app.get('/id/index.html', idIndex);
  app.get('/id/:file', async (c) => {
    const s = store.snapshot();
    const file = c.req.param('file');
    const id = file.endsWith('.html') ? file.slice(0, -5) : file;
    const known = ID_PATTERN.test(id) ? knownIds(s, indexOf(s)).get(id) : undefined;
    if (!known) throw notFound(c);
    return page(c, s, `links:id:${id}`, () => {
      const ctx = pageContext(s);
      const node = s.framework.nodes.get(id);
      const preview = node ? (node.type === 'cluster' ? `clusters/${id}` : `clusters/${node.parent}/${id}`) : undefined;
      return layout(
        ctx,
        { title: known.title },
        h`<h1>${known.title}</h1><p><code>${id}</code></p><ul>
${preview ? h`<li><a href="${ctx.base}${preview}">In the current content</a></li>` : h`<li>Not in the current content (retired or renamed: see the crosswalks).</li>`}
${known.caseItem ? h`<li><a href="${ctx.base}${CASE_API_PATH}CFItems/${known.caseItem}">CASE item</a></li>` : ''}
</ul>`,
      );
    });
  });

  // The expansion of the SSSOM `ccfrelease:` prefix: the releases page, under the path with the slash.
  const releaseIndex = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    return page(c, s, 'links:releases', () => releasesPage(pageContext(s), s.releases));
  };
  app.get('/releases/', releaseIndex);
  app.get('/releases/index.html', releaseIndex);
  app.get('/releases/:file', async (c) => {
    const s = store.snapshot();
    const file = c.req.param('file');
    const version = file.endsWith('.html') ? file.slice(0, -5) : file;
    const release = isVersion(version) ? s.releases.find((r) => r.version === version) : undefined;
    if (!release) throw notFound(c);
    return page(c, s, `links:release:${version}`, () => {
      const ctx = pageContext(s);
      const files = release.files.map(
        (f) => h`<li><a href="${ctx.base}api/v1/releases/${version}/${encodeURIComponent(f.name)}">${f.name}</a></li>`,
      );
      return layout(ctx, { title: `Release ${version}`, nav: 'releases' }, h`<h1>Release ${version}</h1><ul>${files}</ul>`);
    });
  });

  app.get('/crosswalk/:from/:file', async (c) => {
    const s = store.snapshot();
    const from = c.req.param('from');
    const file = c.req.param('file');
    const to = file.endsWith('.html') ? file.slice(0, -5) : file;
    const has = (v: string): boolean => isVersion(v) && s.releases.some((r) => r.version === v);
    if (!has(from) || !has(to)) throw notFound(c);
    const result = await diffOf(s, `@${from}`, `@${to}`);
    return reply(
      c,
      await makeDoc(crosswalkPage(pageContext(s), `@${from}`, `@${to}`, result, { relation: '', text: '' }).value, HTML_TYPE),
    );
  });
  return app;
}
