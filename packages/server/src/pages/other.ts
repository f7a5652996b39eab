import { countBySeverity } from '@ccf/core';
import type { CrosswalkRow, Relation } from '@ccf/diff';
import { h, trusted, withCode, type SafeHtml } from '../html.js';
import type { SearchHit } from '../search.js';
import type { DiffResult, Release } from '../store.js';
import { nodePath } from './framework.js';
import { diagnosticsTable, layout, type PageContext } from './layout.js';
import { originBadge } from './state.js';

const fieldNames: Record<string, string> = { title: 'title', alias: 'other spelling', occupation: 'occupation', definition: 'definition' };

/** Search: a labeled form, then results with what matched. */
export function searchPage(
  ctx: PageContext,
  query: string,
  result: { total: number; hits: SearchHit[] } | undefined,
  error?: string,
): SafeHtml {
  const fw = ctx.snapshot.framework;
  const results = result
    ? result.total
      ? h`<p role="status">${result.total} ${result.total === 1 ? 'result' : 'results'} for “${query}”${result.total > result.hits.length ? `, first ${result.hits.length} shown` : ''}.</p>
<ol class="results">${result.hits.map((hit) => {
          const n = hit.node;
          const parent = n.type === 'subcluster' ? fw.nodes.get(n.parent) : undefined;
          return h`<li><a href="${ctx.base}${nodePath(n)}">${n.title}</a>${originBadge(fw, n)} <span class="muted">${n.type === 'cluster' ? fw.meta.terms.cluster : `${fw.meta.terms.subcluster} in ${parent?.title ?? n.parent}`} · matched ${hit.fields.map((f) => fieldNames[f] ?? f).join(', ')}</span>${
            hit.occupations.length
              ? h`<ul>${hit.occupations.slice(0, 10).map((o) => h`<li><code>${o.code}</code> ${o.title ?? ''}</li>`)}${hit.occupations.length > 10 ? h`<li class="muted">and ${hit.occupations.length - 10} more</li>` : ''}</ul>`
              : ''
          }</li>`;
        })}</ol>`
      : h`<p role="status">Nothing matches “${query}”. Try fewer words, another spelling, or a SOC code such as 29-1141.</p>`
    : '';
  return layout(
    ctx,
    { title: query ? `Search: ${query}` : 'Search', nav: 'search', query },
    h`<h1>Search</h1>
<form action="${ctx.base}search" method="get" class="form-row">
<div><label for="q">Words, an occupation or a SOC code</label><input id="q" type="search" name="q" value="${query}" maxlength="200" size="40"></div>
<button type="submit">Search</button>
</form>
${error ? h`<p class="sev-error" role="alert">${withCode(error)}</p>` : ''}
${results}`,
  );
}

/**
 * The static export's policy for its search page, the one page that runs code: Pagefind's script and index from this
 * site only, and 'wasm-unsafe-eval' because Pagefind searches with WebAssembly, which script-src must allow to compile
 * (no eval of JavaScript is allowed by it), and data: images because Pagefind's style sheet draws its search icon as
 * one (an image runs no code). A static host sends no CSP header, so the page carries it.
 */
export const STATIC_SEARCH_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'";

/** Search on a static host: Pagefind's UI over the index `ccf build-site` writes to pagefind/. */
export function staticSearchPage(ctx: PageContext): SafeHtml {
  const { base } = ctx;
  return layout(
    ctx,
    {
      title: 'Search',
      nav: 'search',
      head: h`<meta http-equiv="Content-Security-Policy" content="${STATIC_SEARCH_CSP}">
<link rel="stylesheet" href="${base}pagefind/pagefind-ui.css">
<script src="${base}pagefind/pagefind-ui.js" defer></script>
<script src="${base}assets/search.js" defer></script>`,
    },
    h`<h1>Search</h1>
<p class="muted">Titles, definitions, occupations and SOC codes of every ${ctx.snapshot.framework.meta.terms.cluster.toLowerCase()} and ${ctx.snapshot.framework.meta.terms.subcluster.toLowerCase()}.</p>
<div id="search" data-base="${base}"></div>
<noscript><p>Search needs JavaScript on this copy of the site. Browse from the <a href="${base}">overview</a>.</p></noscript>`,
  );
}

const n = (k: number, one: string): string => `${k} ${one}${k === 1 ? '' : 's'}`;

/**
 * The content checks (lint) of the current content. When newer content does not load, its problems lead the list
 * (and the page has no separate banner): one list, one count.
 */
export function lintPage(ctx: PageContext): SafeHtml {
  const problems = ctx.snapshot.problems ?? [];
  const broken = new Set(problems.map((d) => d.file));
  const list = [...problems, ...ctx.snapshot.diagnostics.filter((d) => !broken.has(d.file))];
  const count = countBySeverity(list);
  return layout(
    ctx,
    { title: 'Content checks', nav: 'lint', noBanner: true },
    h`<h1>Content checks</h1>
<p>What <code>ccf lint</code> finds in the content read from ${ctx.snapshot.framework.source.label}: mistakes to fix (errors), things to look at (warnings) and notes.</p>
${problems.length ? h`<p class="sev-warning" role="alert">The latest edit does not load: the other pages show the last content that loaded until these are fixed.</p>` : ''}
<p class="counts" role="status">${n(count.error, 'error')} · ${n(count.warning, 'warning')} · ${n(count.info, 'note')}.</p>
${diagnosticsTable(list, ctx)}`,
  );
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A release's edition and date, from its manifest (only when the manifest passed its integrity check). */
function releaseFacts(r: Release): { edition?: string; date?: string } {
  const file = r.files.find((f) => f.name === 'manifest.json' && !f.problem);
  if (!file) return {};
  try {
    const m = JSON.parse(new TextDecoder().decode(file.bytes)) as { edition?: unknown; source?: { date?: unknown } };
    return {
      ...(typeof m.edition === 'string' ? { edition: m.edition } : {}),
      ...(typeof m.source?.date === 'string' ? { date: m.source.date.slice(0, 10) } : {}),
    };
  } catch {
    return {};
  }
}

/** The published releases, with their edition and date, and their files. */
export function releasesPage(ctx: PageContext, releases: Release[]): SafeHtml {
  return layout(
    ctx,
    { title: 'Releases', nav: 'releases' },
    h`<h1>Releases</h1>
${
  releases.length
    ? releases.map((r) => {
        const facts = releaseFacts(r);
        return h`<section aria-labelledby="r-${r.version}"><h2 id="r-${r.version}">${r.version}</h2>
${facts.edition || facts.date ? h`<p class="counts">${facts.edition ? `${facts.edition} edition` : ''}${facts.edition && facts.date ? ' · ' : ''}${facts.date ? h`released <time datetime="${facts.date}">${facts.date}</time>` : ''}</p>` : ''}
<p><a href="${ctx.base}diff?from=@${r.version}">Compare ${r.version} with the current content</a></p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Files of release ${r.version}"><table><caption class="sr-only">Files of release ${r.version}</caption><thead><tr><th scope="col">File</th><th scope="col">Size</th></tr></thead>
<tbody>${r.files.map((f) => h`<tr><td><a href="${ctx.base}api/v1/releases/${r.version}/${encodeURIComponent(f.name)}">${f.name}</a></td><td>${size(f.bytes.byteLength)}</td></tr>`)}</tbody></table></div></section>`;
      })
    : h`<p>No release has been published yet. <code>ccf publish</code> writes one to <code>releases/&lt;version&gt;/</code>.</p>`
}`,
  );
}

/** The two version fields, shared by the diff and crosswalk forms. */
function versionFields(ctx: PageContext, from: string, to: string): SafeHtml {
  const versions = ctx.snapshot.releases.map((r) => `@${r.version}`);
  return h`<div><label for="from">From</label><input id="from" name="from" value="${from}" list="versions" placeholder="@1.0.0 or a git ref" maxlength="200" required></div>
<div><label for="to">To</label><input id="to" name="to" value="${to}" list="versions" placeholder="current content" maxlength="200"></div>
<datalist id="versions">${versions.map((v) => h`<option value="${v}"></option>`)}</datalist>`;
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
}

/** Compare two versions: a form, then the change report. */
export function diffPage(
  ctx: PageContext,
  from: string,
  to: string,
  result: DiffResult | undefined,
  error?: string,
  flow: FlowLevel = 'cluster',
): SafeHtml {
  const q = query({ from, to });
  return layout(
    ctx,
    { title: result ? `Changes ${result.from} → ${result.to}` : 'Compare versions', nav: 'diff' },
    h`<h1>Compare versions</h1>
<form action="${ctx.base}diff" method="get" class="form-row">${versionFields(ctx, from, to)}<button type="submit">Compare</button></form>
${error ? h`<p class="sev-error" role="alert">${withCode(error)}</p>` : ''}
${
  result
    ? h`<h2>${result.from} → ${result.to}</h2>
<p>Version bump these changes need: <strong>${result.bump}</strong>.</p>
<p class="no-print"><a href="${ctx.base}crosswalk?${q}">Crosswalk table</a> · <a href="${ctx.base}api/v1/crosswalk?${query({ from, to, format: 'csv' })}" download>Crosswalk CSV</a> · <a href="${ctx.base}api/v1/crosswalk?${query({ from, to, format: 'xlsx' })}" download>Crosswalk workbook (.xlsx)</a> · <a href="${ctx.base}api/v1/diff?${q}">Change set JSON</a></p>
${flowSection(ctx, from, to, result, flow)}
<div class="diff-report">${trusted(result.html)}</div>`
    : error
      ? ''
      : versionPicker(ctx)
}`,
  );
}

export type FlowLevel = 'cluster' | 'subcluster';

/**
 * The change as a flow diagram (rendered on the server by @ccf/diff: inline SVG, no script, presentation attributes
 * only, so the strict CSP holds), in a box that scrolls on its own on a narrow screen, with the same rows as a table.
 */
function flowSection(ctx: PageContext, from: string, to: string, result: DiffResult, level: FlowLevel): SafeHtml {
  if (!result.flow) return h``;
  const cs = result.changeSet as {
    from: { terms: { cluster: string; subcluster: string } };
    to: { terms: { cluster: string; subcluster: string } };
  };
  const names = (l: FlowLevel): string =>
    l === 'cluster'
      ? `${cs.from.terms.cluster}s`
      : `${cs.from.terms.subcluster}s${cs.to.terms.subcluster !== cs.from.terms.subcluster ? ` → ${cs.to.terms.subcluster}s` : ''}`;
  const other: FlowLevel = level === 'cluster' ? 'subcluster' : 'cluster';
  const rows = result.crosswalk.filter((r) => r.nodeType === level);
  const pct = (x: number | null): string => (x === null ? '' : `${Math.round(x * 100) || '<1'}%`);
  return h`<section aria-labelledby="flow-h" class="flow"><h3 id="flow-h">Flow of ${names(level)}</h3>
<p class="no-print"><a href="${ctx.base}diff?${query({ from, to, ...(other === 'subcluster' ? { flow: other } : {}) })}#flow-h">Show ${names(other)} instead</a> · each band is a crosswalk row, as thick as the share of the old node it carries; scroll inside the box on a small screen.</p>
<div class="flow-wrap" role="region" aria-label="Flow diagram of ${names(level)}" tabindex="0">${trusted(result.flow(level))}</div>
<details><summary>The same flows as a table (${rows.length} rows)</summary><div class="table-wrap"><table><caption class="sr-only">Flows of ${names(level)} from ${result.from} to ${result.to}</caption>
<thead><tr><th scope="col">From (${result.from})</th><th scope="col">To (${result.to})</th><th scope="col">Relation</th><th scope="col">Share of the old node</th></tr></thead>
<tbody>${rows.map((r) => h`<tr><td>${r.fromTitle ?? '—'}</td><td>${r.toTitle ?? '—'}</td><td>${r.relation}</td><td>${pct(r.share)}</td></tr>`)}</tbody></table></div></details>
</section>`;
}

/** An empty comparison: the releases to compare with the current content, newest first. */
function versionPicker(ctx: PageContext): SafeHtml {
  const releases = ctx.snapshot.releases;
  if (!releases.length)
    return h`<p>No release has been published yet: compare two git refs instead, such as <code>main</code> and a branch.</p>`;
  return h`<section aria-labelledby="pick-h"><h2 id="pick-h">Compare a release with the current content</h2>
<ul>${releases.map((r) => {
    const facts = releaseFacts(r);
    return h`<li><a href="${ctx.base}diff?from=${encodeURIComponent(`@${r.version}`)}">${r.version}</a>${facts.edition ? h` <span class="muted">${facts.edition} edition</span>` : ''}</li>`;
  })}</ul>
<p class="muted">Or type a git ref (a branch, a tag, a commit) in From and To.</p></section>`;
}

export const RELATIONS: readonly Relation[] = ['unchanged', 'renamed', 'moved', 'redefined', 'split', 'merged', 'new', 'retired'];

/** The crosswalk old → new as a table, filtered on the server so it works without JavaScript. */
export function crosswalkPage(
  ctx: PageContext,
  from: string,
  to: string,
  result: DiffResult | undefined,
  filter: { relation: string; text: string },
  error?: string,
): SafeHtml {
  const text = filter.text.toLowerCase();
  const rows = (result?.crosswalk ?? []).filter(
    (r: CrosswalkRow) =>
      (!filter.relation || r.relation === filter.relation) &&
      (!text || [r.fromId, r.fromTitle, r.fromParent, r.toId, r.toTitle, r.toParent].some((v) => v?.toLowerCase().includes(text))),
  );
  const relations = [...new Set([...RELATIONS, ...(result?.crosswalk ?? []).map((r) => r.relation)])];
  const cell = (id: string | null, title: string | null, parent: string | null): SafeHtml =>
    id
      ? h`${title ?? ''}<br><code>${id}</code>${parent ? h` <span class="muted">in ${parent}</span>` : ''}`
      : h`<span class="muted">—</span>`;
  return layout(
    ctx,
    { title: result ? `Crosswalk ${result.from} → ${result.to}` : 'Crosswalk', nav: 'diff' },
    h`<h1>Crosswalk</h1>
<form action="${ctx.base}crosswalk" method="get" class="form-row">${versionFields(ctx, from, to)}
<div><label for="relation">Relation</label><select id="relation" name="relation"><option value="">any</option>${relations.map((r) => h`<option${r === filter.relation ? h` selected` : ''}>${r}</option>`)}</select></div>
<div><label for="text">Id or title contains</label><input id="text" name="text" value="${filter.text}" maxlength="200"></div>
<button type="submit">Show</button></form>
${error ? h`<p class="sev-error" role="alert">${withCode(error)}</p>` : ''}
${
  result
    ? h`<p><span role="status">${rows.length} of ${result.crosswalk.length} rows, ${result.from} → ${result.to}.</span> <a class="no-print" href="${ctx.base}api/v1/crosswalk?${query({ from, to, format: 'csv' })}" download>Download CSV</a> · <a class="no-print" href="${ctx.base}api/v1/crosswalk?${query({ from, to, format: 'xlsx' })}" download>Download for Excel (.xlsx)</a></p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Crosswalk rows"><table><caption class="sr-only">Crosswalk from ${result.from} to ${result.to}</caption>
<thead><tr><th scope="col">From (${result.from})</th><th scope="col">To (${result.to})</th><th scope="col">Relation</th><th scope="col">SKOS</th></tr></thead>
<tbody>${rows.map((r) => h`<tr><td>${cell(r.fromId, r.fromTitle, r.fromParent)}</td><td>${cell(r.toId, r.toTitle, r.toParent)}</td><td>${r.relation}${r.cardinality ? h` <span class="muted">${r.cardinality}</span>` : ''}${r.reason ? h`<br><span class="muted">${r.reason}</span>` : ''}</td><td>${r.skos ?? ''}</td></tr>`)}</tbody></table></div>`
    : ''
}`,
  );
}

/** A page-level error (unknown page, bad parameter). */
export function errorPage(ctx: PageContext, title: string, message: string): SafeHtml {
  return layout(ctx, { title }, h`<h1>${title}</h1><p>${withCode(message)}</p><p><a href="${ctx.base}">Back to the overview</a></p>`);
}
