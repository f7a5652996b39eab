import { ID_PATTERN, servedSchema, siteBaseUrl } from '@ccf/core';
import { Hono, type Context } from 'hono';
import { HTML_TYPE, jsonDoc, makeDoc } from '../doc.js';
import { HttpError } from '../errors.js';
import { reply } from '../headers.js';
import { h, trusted } from '../html.js';
import { renderMarkdownToHtml } from '../markdown.js';
import { layout, type PageContext } from '../pages/layout.js';
import type { SnapshotState } from '../state.js';
import type { Snapshot, Store } from '../store.js';

export interface SiteFileRoutesOptions {
  store: Store;
  state: SnapshotState;
  pageContext: (s: Snapshot) => PageContext;
}

const SCHEMA_FILE = /^[a-z0-9][a-z0-9-]*\.schema\.json$/;

/**
 * The rule docs (`/docs/rules/<id>`, docs/rules/<id>.md rendered and sanitized) and the schemas (`/schemas/…`, their
 * root-relative `$id` made absolute under baseUrl): the paths siteRoutes() names for lint `url`s, SARIF
 * `helpUri`s and published `$schema`s.
 */
export function siteFileRoutes({ store, state, pageContext }: SiteFileRoutesOptions): Hono {
  const app = new Hono();
  const missing = (c: Context): HttpError =>
    new HttpError(404, 'not-found', `Unexpected path \`${c.req.path.slice(0, 200)}\`, expected a rule or schema this site serves`);

  const ruleIndex = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    const doc = await state.cached(s, 'site:rules', () => {
      const ctx = pageContext(s);
      const ids = [...(s.site?.ruleDocs.keys() ?? [])].sort();
      const list = ids.map((id) => h`<li><a href="${ctx.base}docs/rules/${id}"><code>${id}</code></a></li>`);
      return makeDoc(layout(ctx, { title: 'Lint rules' }, h`<h1>Lint rules</h1><ul>${list}</ul>`).value, HTML_TYPE);
    });
    return reply(c, doc);
  };
  app.get('/docs/rules/', ruleIndex);
  app.get('/docs/rules/index.html', ruleIndex);
  app.get('/docs/rules/:file', async (c) => {
    const s = store.snapshot();
    const file = c.req.param('file');
    const id = file.endsWith('.html') ? file.slice(0, -5) : file;
    const markdown = ID_PATTERN.test(id) ? s.site?.ruleDocs.get(id) : undefined;
    if (markdown === undefined) throw missing(c);
    const doc = await state.cached(s, `site:rule:${id}`, () => {
      const ctx = pageContext(s);
      // Sanitized like every definition: a rule doc is repository text, which a pull request may change.
      const body = trusted(renderMarkdownToHtml(markdown, true));
      return makeDoc(layout(ctx, { title: `Rule ${id}` }, h`<article class="rule-doc">${body}</article>`).value, HTML_TYPE);
    });
    return reply(c, doc);
  });

  const schema = async (c: Context, path: string): Promise<Response> => {
    const s = store.snapshot();
    const text = s.site?.schemas.get(path);
    if (text === undefined) throw missing(c);
    const doc = await state.cached(s, `site:schema:${path}`, () =>
      jsonDoc(servedSchema(JSON.parse(text) as { $id?: unknown }, siteBaseUrl(s.framework.meta.baseUrl))),
    );
    return reply(c, doc);
  };
  app.get('/schemas/:file', (c) => {
    const file = c.req.param('file');
    if (!SCHEMA_FILE.test(file)) throw missing(c);
    return schema(c, file);
  });
  app.get('/schemas/published/:file', (c) => {
    const file = c.req.param('file');
    if (!SCHEMA_FILE.test(file)) throw missing(c);
    return schema(c, `published/${file}`);
  });
  return app;
}
