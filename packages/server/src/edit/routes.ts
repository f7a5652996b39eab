// `ccf serve --edit`: the edit pages. Every write is a POST that carries the per-server token from the page, comes
// from this origin, names the hash of the file it was made from, and is checked before anything reaches the disk.
import { ID_PATTERN, splitFrontmatter, YAML_READ_OPTIONS, type Diagnostic, type FrameworkNode } from '@ccf/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Document, parseDocument } from 'yaml';
import type { DiffOf } from '../diffs.js';
import { HTML_TYPE, makeDoc } from '../doc.js';
import { HttpError } from '../errors.js';
import { reply } from '../headers.js';
import { h, trusted, withCode, type SafeHtml } from '../html.js';
import { renderMarkdownToHtml } from '../markdown.js';
import { nodePath } from '../pages/framework.js';
import { diagnosticsTable, layout, type PageContext } from '../pages/layout.js';
import type { Snapshot, Store } from '../store.js';
import type { CheckedFile, ContentEditor } from './editor.js';
import { fieldId, formFieldIds, readFields, renderDatalists, renderFields, schemaSet, type FormContext, type Lookup } from './form.js';

export interface EditRoutesOptions {
  store: Store;
  editor: ContentEditor;
  diffOf: DiffOf;
  pageContext: (s: Snapshot) => PageContext;
  /** The secret every write must carry (random per server). */
  token: string;
}

/** Largest form accepted (a definition plus its fields). */
const MAX_FORM = 512 * 1024;

/** What one edit page is about. */
interface Target {
  file: string;
  schema: 'cluster.schema.json' | 'subcluster.schema.json';
  /** The page path under /edit/. */
  path: string;
  node?: FrameworkNode;
  /** For a new sub-cluster: its cluster. */
  cluster: string;
  isNew: boolean;
}

const sameText = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/** Where a diagnostic sits: the field whose value (or key) holds its position, else the definition, else nowhere. */
function fieldOf(d: Diagnostic, checked: CheckedFile, ids: Set<string>): string | undefined {
  if (d.line >= checked.bodyLine && checked.bodyLine > 1) return 'f-definition';
  const at = (p: { line: number; column: number }): number => p.line * 1e6 + p.column;
  const here = at(d);
  let best: { pointer: string; size: number } | undefined;
  for (const [pointer, pos] of Object.entries(checked.positions)) {
    for (const r of [pos.value, pos.key]) {
      if (!r) continue;
      const start = at(r);
      const end = at({ line: r.endLine, column: r.endColumn });
      if (here >= start && here <= end && (!best || end - start < best.size)) best = { pointer, size: end - start };
    }
  }
  if (!best) return undefined;
  const parts = best.pointer.split('/').slice(1);
  // The nearest field the form shows: `/soc/3` when the row has no input of its own.
  for (let n = parts.length; n > 0; n--) {
    const id = fieldId(parts.slice(0, n));
    if (ids.has(id)) return id;
  }
  return undefined;
}

/** The edit pages and their POST handlers, plus the Markdown preview. */
export function editRoutes({ store, editor, diffOf, pageContext, token }: EditRoutesOptions): Hono {
  const app = new Hono();
  const sets = schemaSet(editor.schemas);

  /** Refuses a write that another site (or a page without the token) makes. */
  const checkWrite = (c: Context, form: Record<string, string>): void => {
    const origin = c.req.header('origin');
    // The request URL is made from the Host header, which the guards have checked against the allowed names.
    if (origin !== undefined && origin !== new URL(c.req.url).origin)
      throw new HttpError(403, 'cross-site', `Unexpected origin \`${origin}\`, expected this preview's own pages`);
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin')
      throw new HttpError(403, 'cross-site', 'Unexpected write from another site, expected one from this preview');
    if (!sameText(form._token ?? '', token))
      throw new HttpError(403, 'bad-token', 'Missing or stale edit token, expected the one in the page: reload the page and try again');
  };

  const readForm = async (c: Context): Promise<Record<string, string>> => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
      throw new HttpError(415, 'unsupported-type', 'Unexpected request body, expected a form');
    const body = await c.req.parseBody();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    checkWrite(c, out);
    return out;
  };

  const targetOf = (s: Snapshot, params: Record<string, string>, kind: 'cluster' | 'subcluster' | 'new'): Target => {
    const fw = s.framework;
    const missing = (): never => {
      throw new HttpError(
        404,
        'not-found',
        `Unexpected path, expected the edit page of a ${kind === 'cluster' ? fw.meta.terms.cluster : fw.meta.terms.subcluster} of this framework`,
      );
    };
    const cluster = fw.nodes.get(params.cluster ?? '');
    if (cluster?.type !== 'cluster') return missing();
    if (kind === 'new') return { file: '', schema: 'subcluster.schema.json', path: `new/${cluster.id}`, cluster: cluster.id, isNew: true };
    if (kind === 'cluster')
      return {
        file: cluster.file,
        schema: 'cluster.schema.json',
        path: nodePath(cluster),
        node: cluster,
        cluster: cluster.id,
        isNew: false,
      };
    const node = fw.nodes.get(params.id ?? '');
    if (node?.type !== 'subcluster' || node.parent !== cluster.id) return missing();
    return { file: node.file, schema: 'subcluster.schema.json', path: nodePath(node), node, cluster: cluster.id, isNew: false };
  };

  /** Suggestions for the form: occupations and programs named anywhere in the framework, ids of every release. */
  const suggestions = (s: Snapshot): Map<string, [string, string][]> => {
    const soc = new Map<string, string>();
    const cip = new Map<string, string>();
    for (const n of s.framework.nodes.values())
      if (n.type === 'subcluster') {
        for (const o of n.soc) if (o.title && !soc.has(o.code)) soc.set(o.code, o.title);
        for (const p of n.cip) if (p.title && !cip.has(p.code)) cip.set(p.code, p.title);
      }
    const sorted = (m: Map<string, string>): [string, string][] => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return new Map([
      ['soc/code', sorted(soc)],
      ['cip/code', sorted(cip)],
      ['derivedFrom', releaseIds(s)],
    ]);
  };

  /** Fills an occupation's or program's missing title from the framework's own lists. */
  const lookupFor = (s: Snapshot): Lookup => {
    const lists = suggestions(s);
    const titles = new Map<string, Map<string, string>>([...lists].map(([k, v]) => [k, new Map(v)]));
    return (path, row) => {
      const code = typeof row.code === 'string' ? row.code : undefined;
      if (!code || row.title !== undefined) return row;
      const known = titles.get(`${path}/code`);
      // A SOC 2018 code takes the title of its `.00` O*NET-SOC occupation, and the other way round.
      const title = known?.get(code) ?? known?.get(`${code}.00`) ?? known?.get(code.replace(/\.00$/, ''));
      return title ? { ...row, title } : row;
    };
  };

  const changeReport = async (s: Snapshot): Promise<SafeHtml> => {
    const base = await editor.base().catch(() => undefined);
    if (!base) return h`<p class="muted">This folder is not in a git repository, so there is no base to compare with.</p>`;
    try {
      const result = await diffOf(s, base.spec, undefined);
      return h`<p>Compared with ${base.label}. Version bump these changes need: <strong>${result.bump}</strong>.</p><div class="diff-report">${trusted(result.html)}</div>`;
    } catch (e) {
      return h`<p class="sev-error">Cannot compare with ${base.label}: ${withCode(e instanceof Error ? e.message : String(e))}</p>`;
    }
  };

  interface PageState {
    data: Record<string, unknown>;
    body: string;
    hash: string | null;
    checked?: CheckedFile;
    /** A problem with the save as a whole (a conflict). */
    alert?: string;
    saved?: boolean;
    /** The save was refused because the edit adds errors. */
    refused?: boolean;
    focusLine?: number;
  }

  const renderPage = async (s: Snapshot, target: Target, state: PageState): Promise<SafeHtml> => {
    // No live reload on a form: a reload would throw away what the editor typed.
    const ctx = { ...pageContext(s), live: false };
    const fw = s.framework;
    const ids = formFieldIds(sets, target.schema, state.data);
    ids.add('f-definition');
    const messages = new Map<string, Diagnostic[]>();
    const loose: Diagnostic[] = [];
    let focus: string | undefined;
    for (const d of state.checked?.diagnostics ?? []) {
      const id = state.checked ? fieldOf(d, state.checked, ids) : undefined;
      if (id) messages.set(id, [...(messages.get(id) ?? []), d]);
      else loose.push(d);
      if (state.focusLine === d.line && id) focus ??= id;
    }
    const formCtx: FormContext = { suggestions: suggestions(s), messages, newFile: target.isNew, ...(focus ? { focus } : {}) };
    const cluster = fw.nodes.get(target.cluster)!;
    const title = target.isNew ? `New ${fw.meta.terms.subcluster} in ${cluster.title}` : `Edit ${target.node!.title}`;
    const errors = (state.checked?.diagnostics ?? []).filter((d) => d.severity === 'error').length;
    const definitionMsgs = messages.get('f-definition') ?? [];
    return layout(
      ctx,
      {
        title,
        scripts: ['edit.js'],
        crumbs: [
          ['Overview', ''],
          [cluster.title, nodePath(cluster)],
          ...(target.node && target.node.type === 'subcluster' ? [[target.node.title, nodePath(target.node)] as [string, string]] : []),
          [target.isNew ? `New ${fw.meta.terms.subcluster}` : 'Edit', `edit/${target.path}`],
        ],
      },
      h`<h1>${title}</h1>
${target.isNew ? '' : h`<p class="muted">File <code>${target.file}</code> · <a href="${ctx.base}${target.path}">View the page</a></p>`}
${state.saved ? h`<p class="saved" role="status">Saved <code>${target.file}</code> in canonical form.${errors ? '' : ' The content checks pass for this file.'} Nothing is committed: review the change report below, then commit with git.</p>` : ''}
${state.alert ? h`<p class="sev-error" role="alert">${withCode(state.alert)}</p>` : ''}
${state.refused ? h`<p class="sev-error" role="alert">Not saved: this edit brings new errors, shown next to their fields. Fix them and save again; the file on disk is unchanged.</p>` : ''}
${loose.length ? h`<section aria-labelledby="other-h"><h2 id="other-h">Other content checks</h2>${diagnosticsTable(loose, ctx)}</section>` : ''}
<form method="post" action="${ctx.base}edit/${target.path}" class="edit-form" id="edit-form">
<input type="hidden" name="_token" value="${token}">
<input type="hidden" name="_hash" value="${state.hash ?? 'new'}">
${renderFields(sets, target.schema, state.data, formCtx)}
<div class="field definition">
<label for="f-definition">Definition (Markdown)</label>
<p class="help" id="f-definition-help">The text below the frontmatter: what this ${target.schema === 'cluster.schema.json' ? fw.meta.terms.cluster : fw.meta.terms.subcluster} covers. The preview shows it as the page will.</p>
<div class="md-editor"><textarea id="f-definition" name="_body" rows="12" aria-describedby="f-definition-help${definitionMsgs.length ? ' f-definition-msg' : ''}" data-preview="${ctx.base}edit/preview">${'\n'}${state.body}</textarea>
<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h" class="preview-h">Preview</h2><div id="md-preview" aria-live="polite">${trusted(renderMarkdownToHtml(state.body))}</div></section></div>
${definitionMsgs.length ? h`<ul class="field-msgs" id="f-definition-msg">${definitionMsgs.map((d) => h`<li class="sev-${d.severity}">${withCode(d.message)}</li>`)}</ul>` : ''}
</div>
<p><button type="submit">${target.isNew ? `Create ${fw.meta.terms.subcluster}` : 'Save'}</button></p>
</form>
${renderDatalists(formCtx)}
${target.isNew ? '' : h`<section aria-labelledby="changes-h"><h2 id="changes-h">Change report</h2>${await changeReport(s)}</section>`}`,
    );
  };

  const send = async (c: Context, page: SafeHtml, status?: 200 | 409 | 422): Promise<Response> =>
    reply(c, await makeDoc(page.value, HTML_TYPE), status, {
      'Cache-Control': 'no-store',
      // With `no-referrer` a browser sends `Origin: null` on the form's POST; the origin check needs the real one.
      'Referrer-Policy': 'same-origin',
    });

  const show = async (c: Context, kind: 'cluster' | 'subcluster' | 'new'): Promise<Response> => {
    const s = store.snapshot();
    const target = targetOf(s, c.req.param() as Record<string, string>, kind);
    if (target.isNew) {
      const siblings = s.framework.nodes.get(target.cluster);
      const order = siblings?.type === 'cluster' ? Math.max(0, ...siblings.children.map((n) => n.order)) + 1 : 1;
      return send(c, await renderPage(s, target, { data: { order, provenance: { status: 'UNCERTAIN' } }, body: '\n', hash: null }));
    }
    const file = await editor.read(target.file);
    if (!file) throw new HttpError(404, 'not-found', `Missing file \`${target.file}\`, expected it in the content folder`);
    const checked = await editor.check(target.file, file.text);
    const line = Number(c.req.query('line'));
    return send(
      c,
      await renderPage(s, target, {
        data: checked.data ?? {},
        body: checked.body,
        hash: file.hash,
        checked,
        saved: c.req.query('saved') === '1',
        ...(Number.isInteger(line) && line > 0 ? { focusLine: line } : {}),
      }),
    );
  };

  const save = async (c: Context, kind: 'cluster' | 'subcluster' | 'new'): Promise<Response> => {
    const form = await readForm(c);
    const s = store.snapshot();
    const target = targetOf(s, c.req.param() as Record<string, string>, kind);
    const body = (form._body ?? '').replace(/\r\n?/g, '\n');
    let original: Record<string, unknown> = {};
    let originalText: string | undefined;
    let before: Diagnostic[] = [];
    if (!target.isNew) {
      const current = await editor.read(target.file);
      if (!current) throw new HttpError(404, 'not-found', `Missing file \`${target.file}\`, expected it in the content folder`);
      originalText = current.text;
      const was = await editor.check(target.file, current.text);
      original = was.data ?? {};
      before = was.diagnostics;
      if (form._hash !== current.hash) {
        const data = readFields(sets, target.schema, form, original, lookupFor(s));
        return send(
          c,
          await renderPage(s, target, {
            data,
            body,
            hash: form._hash ?? null,
            alert: `Not saved: \`${target.file}\` changed on disk after this form was opened (another editor, git, or a second tab). Your edits are still in the form below; open the page again in a new tab to see the file as it is now, copy your changes over, and save there.`,
          }),
          409,
        );
      }
    }
    const data = readFields(sets, target.schema, form, original, lookupFor(s));
    if (target.isNew) {
      const id = typeof data.id === 'string' ? data.id : '';
      if (!ID_PATTERN.test(id) || id === 'index') {
        const alert = `Unexpected id \`${id}\`, expected lowercase words joined by hyphens, such as \`food-science\`: it names the file and never changes`;
        return send(c, await renderPage(s, target, { data, body, hash: null, alert }), 422);
      }
      target.file = `clusters/${target.cluster}/${id}.md`;
      if (s.framework.nodes.has(id) || (await editor.read(target.file))) {
        const alert = `Unexpected id \`${id}\`: a node with this id exists already, and an id is never reused; pick another`;
        return send(c, await renderPage(s, target, { data, body, hash: null, alert }), 409);
      }
    } else if (typeof original.id === 'string') data.id = original.id;

    const checked = await editor.check(target.file, compose(originalText, original, data, body));
    // Refused when the edit adds an error; errors the file had already do not block a save that fixes another.
    if (newErrors(before, checked.diagnostics))
      return send(c, await renderPage(s, target, { data, body, hash: form._hash ?? null, checked, refused: true }), 422);
    const outcome = await editor.write(target.file, checked.text, target.isNew ? null : form._hash!);
    if (outcome === 'changed') {
      const alert = target.isNew
        ? `Not saved: \`${target.file}\` appeared on disk meanwhile; pick another id`
        : `Not saved: \`${target.file}\` changed on disk after this form was opened. Your edits are still in the form below.`;
      return send(c, await renderPage(s, target, { data, body, hash: form._hash ?? null, alert }), 409);
    }
    const path = target.isNew ? `clusters/${target.cluster}/${String(data.id)}` : target.path;
    return c.redirect(`${pageContext(store.snapshot()).base}edit/${path}?saved=1`, 303);
  };

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_FORM,
      onError: () => {
        throw new HttpError(413, 'too-large', `Unexpected form over ${MAX_FORM / 1024} KB, expected a single file's fields`);
      },
    }),
  );
  app.get('/new/:cluster', (c) => show(c, 'new'));
  app.post('/new/:cluster', (c) => save(c, 'new'));
  app.get('/clusters/:cluster', (c) => show(c, 'cluster'));
  app.post('/clusters/:cluster', (c) => save(c, 'cluster'));
  app.get('/clusters/:cluster/:id', (c) => show(c, 'subcluster'));
  app.post('/clusters/:cluster/:id', (c) => save(c, 'subcluster'));
  app.post('/preview', async (c) => {
    const form = await readForm(c);
    const html = renderMarkdownToHtml((form._body ?? '').replace(/\r\n?/g, '\n'));
    return reply(c, await makeDoc(html, HTML_TYPE), 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}

/**
 * The file the form stands for: the original YAML document with only the changed keys replaced (comments and
 * layout elsewhere stay), or a new document for a new file. `ccf format`'s code then puts it in canonical form.
 */
function compose(originalText: string | undefined, original: Record<string, unknown>, data: Record<string, unknown>, body: string): string {
  const split = originalText === undefined ? undefined : splitFrontmatter(originalText.replace(/^\ufeff/, '').replace(/\r\n/g, '\n'));
  let doc: Document;
  if (split?.kind === 'ok') {
    doc = parseDocument(split.yaml, YAML_READ_OPTIONS);
    if (doc.errors.length) doc = new Document(data);
    else {
      for (const key of Object.keys(original)) if (!(key in data)) doc.delete(key);
      for (const [key, value] of Object.entries(data))
        if (JSON.stringify(original[key]) !== JSON.stringify(value)) doc.set(key, doc.createNode(value));
    }
  } else doc = new Document(data);
  const yaml = doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
  return `---\n${yaml}---\n${body}`;
}

/** Whether `after` has an error that `before` did not (by rule and message: an edit moves lines). */
function newErrors(before: Diagnostic[], after: Diagnostic[]): boolean {
  const key = (d: Diagnostic): string => `${d.ruleId}\u0000${d.message}`;
  const had = new Map<string, number>();
  for (const d of before) if (d.severity === 'error') had.set(key(d), (had.get(key(d)) ?? 0) + 1);
  for (const d of after) {
    if (d.severity !== 'error') continue;
    const left = had.get(key(d)) ?? 0;
    if (left === 0) return true;
    had.set(key(d), left - 1);
  }
  return false;
}

/** The ids of every published release, for `derivedFrom`: [id, "title (@version)"], newest release first. */
const releaseIdCache = new WeakMap<Snapshot['releases'], [string, string][]>();
function releaseIds(s: Snapshot): [string, string][] {
  let ids = releaseIdCache.get(s.releases);
  if (ids) return ids;
  const seen = new Map<string, string>();
  for (const r of s.releases) {
    const file = r.files.find((f) => f.name === 'framework.json' && !f.problem);
    if (!file) continue;
    try {
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (typeof o.id === 'string' && typeof o.title === 'string' && ID_PATTERN.test(o.id) && !seen.has(o.id))
            seen.set(o.id, `${o.title} (@${r.version})`);
          for (const [k, sub] of Object.entries(o)) if (k === 'clusters' || k === 'subclusters' || k === 'children') walk(sub);
        }
      };
      walk((JSON.parse(new TextDecoder().decode(file.bytes)) as { clusters?: unknown }).clusters);
    } catch {
      // A release that does not parse offers no ids; its integrity check says why elsewhere.
    }
  }
  ids = [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  releaseIdCache.set(s.releases, ids);
  return ids;
}
