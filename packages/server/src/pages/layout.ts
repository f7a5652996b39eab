import type { Diagnostic } from '@ccf/core';
import { h, type SafeHtml } from '../html.js';
import type { Snapshot } from '../store.js';

/** What every page needs to know about where it is served. */
export interface PageContext {
  /** Path prefix every link starts with, ending in `/` (`/`, or `/ccf/` on a project site). */
  base: string;
  snapshot: Snapshot;
  /** Whether pages listen for live reload. */
  live: boolean;
}

export interface PageOptions {
  title: string;
  /** Breadcrumbs: [label, path] pairs (paths relative to base). */
  crumbs?: [string, string][];
  /** Which nav entry is current. */
  nav?: 'overview' | 'search' | 'releases' | 'diff' | 'lint';
  /** The search box's value. */
  query?: string;
}

const navItems: [PageOptions['nav'], string, string][] = [
  ['overview', 'Overview', ''],
  ['search', 'Search', 'search'],
  ['releases', 'Releases', 'releases'],
  ['diff', 'Compare versions', 'diff'],
  ['lint', 'Lint results', 'lint'],
];

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
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="${base}">${fw.meta.title}</a>
<nav aria-label="Site"><ul>${navItems.map(
    ([key, label, path]) => h`<li><a href="${base}${path}"${options.nav === key ? h` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>
<form role="search" action="${base}search" method="get"><label class="sr-only" for="site-q">Search the framework</label><input id="site-q" type="search" name="q" value="${options.query ?? ''}" placeholder="Title, occupation, SOC code" maxlength="200"><button type="submit">Search</button></form>
</header>
<main id="main">
${snapshot.problems?.length ? problemsBanner(snapshot.problems) : ''}
${options.crumbs?.length ? h`<nav class="crumbs" aria-label="Breadcrumb"><ol>${options.crumbs.map(([label, path], i, all) => (i === all.length - 1 ? h`<li aria-current="page">${label}</li>` : h`<li><a href="${base}${path}">${label}</a></li>`))}</ol></nav>` : ''}
${content}
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
function problemsBanner(problems: Diagnostic[]): SafeHtml {
  return h`<section class="problems" role="alert" aria-labelledby="problems-h">
<h2 id="problems-h">The latest edit does not load</h2>
<p>This page shows the last content that loaded. Fix these and it updates:</p>
${diagnosticsTable(problems)}
</section>`;
}

/** Diagnostics as a table: place, severity, message with its fix note, rule. */
export function diagnosticsTable(list: Diagnostic[]): SafeHtml {
  if (!list.length) return h`<p>No problems found.</p>`;
  return h`<div class="table-wrap"><table>
<thead><tr><th scope="col">Place</th><th scope="col">Severity</th><th scope="col">Message</th><th scope="col">Rule</th></tr></thead>
<tbody>${list.map(
    (d) =>
      h`<tr><td><code>${d.file}:${d.line}:${d.column}</code></td><td class="sev-${d.severity}">${d.severity}</td><td>${d.message}${d.note ? h`<br><span class="muted">${d.note}</span>` : ''}</td><td><code>${d.ruleId}</code></td></tr>`,
  )}</tbody>
</table></div>`;
}
