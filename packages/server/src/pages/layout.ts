import type { Diagnostic, FrameworkNode } from '@ccf/core';
import { h, withCode, type SafeHtml } from '../html.js';
import type { Snapshot } from '../store.js';

/** What every page needs to know about where it is served. */
export interface PageContext {
  /** Path prefix every link starts with, ending in `/` (`/`, or `/ccf/` on a project site). */
  base: string;
  snapshot: Snapshot;
  /** Whether pages listen for live reload. */
  live: boolean;
  /** Edit mode (`ccf serve --edit`): pages link to their edit forms. */
  edit?: boolean;
  /** Rendered for a static export (`ccf build-site`): search runs in the browser, over a Pagefind index. */
  staticSite?: boolean;
}

export interface PageOptions {
  title: string;
  /** Breadcrumbs: [label, path] pairs (paths relative to base). */
  crumbs?: [string, string][];
  /** Which nav entry is current. */
  nav?: 'overview' | 'search' | 'releases' | 'diff' | 'national' | 'lint';
  /** The search box's value. */
  query?: string;
  /** In edit mode: the node this page shows, to link its edit form (and, for a cluster, a new sub-cluster's). */
  editNode?: FrameworkNode;
  /** Scripts under /assets/ the page needs (the CSP allows 'self' only). */
  scripts?: string[];
  /** Leave out the banner of content that does not load (a page that lists those problems itself). */
  noBanner?: boolean;
  /** The page is a search result (a cluster or sub-cluster): Pagefind indexes its main content, and only that. */
  searchable?: boolean;
  /** Extra head elements (the static search page's style sheet and policy). */
  head?: SafeHtml;
}

const navItems: [PageOptions['nav'], string, string][] = [
  ['overview', 'Overview', ''],
  ['search', 'Search', 'search'],
  ['releases', 'Releases', 'releases'],
  ['diff', 'Compare versions', 'diff'],
  ['lint', 'Content checks', 'lint'],
];

/** The nav entries of a snapshot: a state framework served with its base adds "Compare with national". */
function navOf(ctx: PageContext): typeof navItems {
  if (!ctx.snapshot.framework.overlay || !ctx.snapshot.base) return navItems;
  const at = navItems.findIndex(([key]) => key === 'diff') + 1;
  return [...navItems.slice(0, at), ['national', 'Compare with national', 'national'], ...navItems.slice(at)];
}

/** The page around the content: landmarks, skip link, nav with search, footer with attribution. */
export function layout(ctx: PageContext, options: PageOptions, content: SafeHtml): SafeHtml {
  const { base, snapshot } = ctx;
  const fw = snapshot.framework;
  return h`<!doctype html>
<html lang="en" data-generation="${snapshot.generation}"${ctx.live ? h` data-live="${base}_live"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${fw.meta.title}</title>
<link rel="stylesheet" href="${base}assets/site.css">
<link rel="icon" href="${base}assets/icon.svg" type="image/svg+xml">
${ctx.live ? h`<script src="${base}assets/live.js" defer></script>` : ''}
${options.scripts?.map((name) => h`<script src="${base}assets/${name}" defer></script>`) ?? ''}
${options.head ?? ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="${base}">${fw.meta.title}</a>
<nav aria-label="Site"><ul>${navOf(ctx).map(
    ([key, label, path]) => h`<li><a href="${base}${path}"${options.nav === key ? h` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>
<form role="search" action="${base}search" method="get"><label class="sr-only" for="site-q">Search the framework</label><input id="site-q" type="search" name="q" value="${options.query ?? ''}" placeholder="Title, occupation, SOC code" maxlength="200"><button type="submit">Search</button></form>
</header>
<main id="main">
${snapshot.problems?.length && !options.noBanner ? problemsBanner(ctx, snapshot.problems) : ''}
${options.crumbs?.length ? h`<nav class="crumbs" aria-label="Breadcrumb"><ol>${options.crumbs.map(([label, path], i, all) => (i === all.length - 1 ? h`<li aria-current="page">${label}</li>` : h`<li><a href="${base}${path}">${label}</a></li>`))}</ol></nav>` : ''}
${ctx.edit && options.editNode ? editLinks(ctx, options.editNode) : ''}
${options.searchable ? h`<div data-pagefind-body>${content}</div>` : content}
</main>
<footer class="site">
<p>${fw.meta.title}${fw.meta.edition ? `, ${fw.meta.edition} edition` : ''}, version ${fw.meta.version} · read from ${fw.source.label}${fw.source.commit ? ` at ${fw.source.commit.slice(0, 12)}` : ''}.</p>
<p>${fw.meta.attribution}</p>
<p>License: ${fw.meta.license}</p>
</footer>
</body>
</html>
`;
}

/** Newer content failed to load: say so on every page, with the diagnostics. */
function problemsBanner(ctx: PageContext, problems: Diagnostic[]): SafeHtml {
  return h`<section class="problems" role="alert" aria-labelledby="problems-h">
<h2 id="problems-h">The latest edit does not load</h2>
<p>This page shows the last content that loaded. Fix these and it updates:</p>
${diagnosticsTable(problems, ctx)}
</section>`;
}

/** Edit mode: the node's edit form, and for a cluster a form for a new sub-cluster in it. */
function editLinks(ctx: PageContext, node: FrameworkNode): SafeHtml {
  const path = node.type === 'cluster' ? `clusters/${node.id}` : `clusters/${node.parent}/${node.id}`;
  return h`<p class="edit-links"><a class="button" href="${ctx.base}edit/${path}">Edit</a>${node.type === 'cluster' ? h` <a class="button" href="${ctx.base}edit/new/${node.id}">New ${ctx.snapshot.framework.meta.terms.subcluster}</a>` : ''}</p>`;
}

/** The page of the node read from `file`, and in edit mode its edit form at `line` (the field there gets focus). */
function placeLink(ctx: PageContext, d: Diagnostic): SafeHtml {
  const place = h`<code>${d.file}:${d.line}:${d.column}</code>`;
  let node: FrameworkNode | undefined;
  for (const n of ctx.snapshot.framework.nodes.values()) if (n.file === d.file) node = n;
  if (!node) return place;
  const path = node.type === 'cluster' ? `clusters/${node.id}` : `clusters/${node.parent}/${node.id}`;
  return h`<a href="${ctx.base}${path}">${place}</a>${ctx.edit ? h`<br><a href="${ctx.base}edit/${path}?line=${d.line}">Edit this field</a>` : ''}`;
}

/** Diagnostics as a table: place (a link to the page), severity, message with its fix note, rule. */
export function diagnosticsTable(list: Diagnostic[], ctx: PageContext): SafeHtml {
  if (!list.length) return h`<p>No problems found.</p>`;
  return h`<div class="table-wrap" tabindex="0" role="region" aria-label="Problems found"><table>
<thead><tr><th scope="col">Place</th><th scope="col">Severity</th><th scope="col">Message</th><th scope="col">Rule</th></tr></thead>
<tbody>${list.map(
    (d) =>
      h`<tr><td>${placeLink(ctx, d)}</td><td class="sev-${d.severity}">${d.severity}</td><td>${withCode(d.message)}${d.note ? h`<br><span class="muted">${withCode(d.note)}</span>` : ''}</td><td><code>${d.ruleId}</code></td></tr>`,
  )}</tbody>
</table></div>`;
}
