import type { ClusterNode, Framework, FrameworkNode, SubclusterNode } from '@ccf/core';
import { h, trusted, type SafeHtml } from '../html.js';
import { renderMarkdownToHtml } from '../markdown.js';
import { frameworkCounts, lineage, occupationCount, type LineageLink } from '../model.js';
import type { LineageNode, LineagePredecessor, Replacement } from '../lineage.js';
import { layout, type PageContext } from './layout.js';
import { originBadge, programsSection, stateSection, stateSummary } from './state.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A node's badges: in a state framework its origin (national, modified, state), then cross-cutting and retired. */
export function statusBadges(n: FrameworkNode, fw?: Framework): SafeHtml {
  return h`${fw ? originBadge(fw, n) : ''}${n.type === 'cluster' && n.crossCutting ? h`<span class="badge">cross-cutting</span>` : ''}${n.status === 'retired' ? h`<span class="badge retired">retired</span>` : ''}`;
}

export function nodePath(n: FrameworkNode): string {
  return n.type === 'cluster' ? `clusters/${n.id}` : `clusters/${n.parent}/${n.id}`;
}

type Grouping = NonNullable<Framework['meta']['groupings']>[number];

/** How well a grouping's name is established, when it is less than VERIFIED; a weak (UNCERTAIN, INFERRED) name says so. */
function groupingBadge(g: Grouping): SafeHtml | '' {
  if (g.title === undefined || g.provenance.status === 'VERIFIED') return '';
  const weak = g.provenance.status === 'UNCERTAIN' || g.provenance.status === 'INFERRED';
  return h` <span class="badge${weak ? ' weak' : ''}" title="${g.provenance.note ?? ''}">${weak ? 'name uncertain' : `name ${g.provenance.status.toLowerCase()}`}</span>`;
}

/** The framework overview: introduction, clusters under their groupings with counts, cross-cutting marked. */
export function overviewPage(ctx: PageContext): SafeHtml {
  const fw = ctx.snapshot.framework;
  const counts = frameworkCounts(fw);
  const { cluster, subcluster } = fw.meta.terms;
  const cards = (list: ClusterNode[]): SafeHtml =>
    h`<ul class="cards">${list.map(
      (c) =>
        h`<li><a href="${ctx.base}${nodePath(c)}">${c.title}</a>${statusBadges(c, ctx.snapshot.framework)}<div class="counts">${plural(c.children.length, subcluster)} · ${plural(occupationCount(c), 'occupation')}</div></li>`,
    )}</ul>`;
  const crossCutting = fw.clusters.filter((c) => c.crossCutting);
  const groupings = fw.meta.groupings ?? [];
  let body: SafeHtml;
  if (groupings.length) {
    // A named grouping lists all its clusters; an unnamed one (an edition that records groupings by code only)
    // keeps the cross-cutting clusters in their own section, as the steward presents them.
    const members = (g: Grouping): ClusterNode[] =>
      fw.clusters.filter((c) => c.grouping === g.id && (g.title !== undefined || !c.crossCutting));
    const listed = new Set(groupings.flatMap((g) => members(g)));
    const ungrouped = fw.clusters.filter((c) => !c.crossCutting && !listed.has(c));
    const leftCrossCutting = crossCutting.filter((c) => !listed.has(c));
    body = h`${groupings.map((g) => {
      const list = members(g);
      return list.length
        ? h`<section aria-labelledby="g-${g.id}"><h3 id="g-${g.id}">${g.title ?? `${fw.meta.terms.grouping ?? 'Grouping'} ${g.code}`}${groupingBadge(g)}</h3>${cards(list)}</section>`
        : '';
    })}${ungrouped.length ? cards(ungrouped) : ''}${leftCrossCutting.length ? h`<section aria-labelledby="g-cross"><h3 id="g-cross">Cross-cutting ${cluster}s</h3>${cards(leftCrossCutting)}</section>` : ''}`;
  } else {
    body = cards(fw.clusters);
  }
  return layout(
    ctx,
    { title: 'Overview', nav: 'overview' },
    h`<h1>${fw.meta.title}</h1>
<p class="counts">${fw.meta.edition ? `${fw.meta.edition} edition · ` : ''}version ${fw.meta.version} · ${plural(counts.clusters, cluster)} · ${plural(counts.subclusters, subcluster)} · ${plural(counts.occupations, 'occupation')}${crossCutting.length ? ` · ${crossCutting.length} cross-cutting` : ''}</p>
<div class="intro">${trusted(renderMarkdownToHtml(fw.introduction))}</div>
${stateSummary(ctx)}
<section aria-labelledby="clusters-h"><h2 id="clusters-h">${cluster}s</h2>${body}</section>`,
  );
}

function definition(n: FrameworkNode): SafeHtml {
  const rendered = renderMarkdownToHtml(n.definition);
  return rendered.trim() ? trusted(rendered) : h`<p class="muted">No definition yet.</p>`;
}

function metaList(n: FrameworkNode): SafeHtml {
  const codes = Object.entries(n.codes).filter(([, v]) => v !== undefined);
  return h`<dl class="meta">
<dt>Id</dt><dd><code>${n.id}</code></dd>
${n.aliases.length ? h`<dt>Also written</dt><dd>${n.aliases.join('; ')}</dd>` : ''}
${codes.map(([k, v]) => h`<dt>${k === 'onet' ? 'O*NET code' : `${k} code`}</dt><dd><code>${v}</code></dd>`)}
<dt>Provenance</dt><dd>${n.provenance.status}${n.provenance.note ? ` — ${n.provenance.note}` : ''}</dd>
${n.status === 'retired' ? h`<dt>Retired</dt><dd>${n.retiredReason ?? 'yes'}</dd>` : ''}
</dl>`;
}

/** What other versions say of a node: the earlier nodes it continues and where a later release took it (history.ts). */
export interface Across {
  earlier: LineagePredecessor[];
  later?: Replacement;
}

const share = (x: number | null): string => (x === null ? '' : `${Math.round(x * 100) || '<1'}%`);

/** A node of another version by title: a page here, its own "gone" page, or its row in the crosswalk to a newer release. */
export function lineageLink(ctx: PageContext, n: LineageNode, crosswalk?: { from: string; to: string; id: string }): SafeHtml {
  const path = n.type === 'cluster' ? `clusters/${n.id}` : `clusters/${n.parent ?? ''}/${n.id}`;
  const href =
    n.where !== 'later' || !crosswalk
      ? `${ctx.base}${path}`
      : `${ctx.base}crosswalk?${new URLSearchParams({ from: crosswalk.from, ...(crosswalk.to ? { to: crosswalk.to } : {}), text: crosswalk.id })}`;
  return h`<a href="${href}">${n.title}</a>${n.parentTitle ? h` <span class="muted">in ${n.parentTitle}</span>` : ''} <code>${n.id}</code>`;
}

/** The successors of a replaced node, primary first, with their shares and relations. */
export function successorList(ctx: PageContext, r: Replacement): SafeHtml {
  if (!r.successors.length) return h`<p>Nothing continues it${r.reason ? `: ${r.reason}` : '.'}</p>`;
  return h`<ul>${r.successors.map(
    (x) =>
      h`<li>${lineageLink(ctx, x, { from: r.fromSpec, to: r.toSpec, id: r.node.id })} — ${share(x.share)}${x.primary && r.successors.length > 1 ? ' (primary successor)' : ''}, ${x.relation}</li>`,
  )}</ul>${r.reason ? h`<p class="muted">${r.reason}</p>` : ''}`;
}

function lineageSection(ctx: PageContext, n: FrameworkNode, across: Across = { earlier: [] }): SafeHtml {
  const fw = ctx.snapshot.framework;
  const { derivedFrom, continuedBy } = lineage(fw, n);
  const earlier = new Map(across.earlier.map((p) => [p.id, p]));
  const item = (l: LineageLink): SafeHtml => {
    const node = fw.nodes.get(l.id);
    const old = earlier.get(l.id);
    return node
      ? h`<li><a href="${ctx.base}${nodePath(node)}">${node.title}</a> <code>${l.id}</code></li>`
      : old
        ? h`<li>${lineageLink(ctx, old)} <span class="muted">(version ${old.version}${old.share !== null ? `; ${share(old.share)} of it came here` : ''})</span></li>`
        : h`<li><code>${l.id}</code> <span class="muted">(an earlier version)</span></li>`;
  };
  const retired = fw.meta.retired?.find((r) => r.id === n.id);
  const later = across.later;
  return h`<section aria-labelledby="lineage-h"><h2 id="lineage-h">Lineage</h2>
<h3>Derived from</h3>${derivedFrom.length ? h`<ul>${derivedFrom.map(item)}</ul>` : h`<p class="muted">Nothing: new in this version, or unchanged since the first.</p>`}
<h3>Continued by</h3>${continuedBy.length ? h`<ul>${continuedBy.map(item)}</ul>` : ''}${later ? h`<p>In version ${later.replacedIn}${later.successors.length ? ', by:' : ''}</p>${successorList(ctx, later)}` : ''}${continuedBy.length || later ? '' : h`<p class="muted">${retired ? `Retired: ${retired.reason}` : 'No node in this version or a later release names it in derivedFrom.'}</p>`}
</section>`;
}

/** A cluster: definition, its sub-clusters, codes and lineage. */
export function clusterPage(ctx: PageContext, c: ClusterNode, across?: Across): SafeHtml {
  const { cluster, subcluster } = ctx.snapshot.framework.meta.terms;
  return layout(
    ctx,
    {
      title: c.title,
      editNode: c,
      crumbs: [
        ['Overview', ''],
        [c.title, nodePath(c)],
      ],
      searchable: true,
    },
    h`<h1>${c.title}${statusBadges(c, ctx.snapshot.framework)}</h1>
<p class="counts">${cluster} · ${plural(c.children.length, subcluster)} · ${plural(occupationCount(c), 'occupation')}</p>
<section aria-labelledby="def-h"><h2 id="def-h">Definition</h2>${definition(c)}</section>
${stateSection(ctx, c)}<section aria-labelledby="subs-h"><h2 id="subs-h">${subcluster}s</h2>
<ul class="cards">${c.children.map((s) => h`<li><a href="${ctx.base}${nodePath(s)}">${s.title}</a>${statusBadges(s, ctx.snapshot.framework)}<div class="counts">${plural(s.soc.length, 'occupation')}</div></li>`)}</ul></section>
<section aria-labelledby="about-h"><h2 id="about-h">About this ${cluster}</h2>${metaList(c)}</section>
${lineageSection(ctx, c, across)}`,
  );
}

/** A sub-cluster: definition, occupations with SOC codes, codes, lineage both ways. */
export function subclusterPage(ctx: PageContext, s: SubclusterNode, parent: ClusterNode, across?: Across): SafeHtml {
  const { subcluster } = ctx.snapshot.framework.meta.terms;
  return layout(
    ctx,
    {
      title: s.title,
      editNode: s,
      crumbs: [
        ['Overview', ''],
        [parent.title, nodePath(parent)],
        [s.title, nodePath(s)],
      ],
      searchable: true,
    },
    h`<h1>${s.title}${statusBadges(s, ctx.snapshot.framework)}</h1>
<p class="counts">${subcluster} in <a href="${ctx.base}${nodePath(parent)}">${parent.title}</a> · ${plural(s.soc.length, 'occupation')}</p>
<section aria-labelledby="def-h"><h2 id="def-h">Definition</h2>${definition(s)}</section>
${stateSection(ctx, s)}${programsSection(ctx, s)}<section aria-labelledby="occ-h"><h2 id="occ-h">Occupations</h2>
${
  s.soc.length
    ? h`<div class="table-wrap" tabindex="0" role="region" aria-label="Table of occupations"><table><caption class="sr-only">Occupations linked to ${s.title}</caption><thead><tr><th scope="col">SOC code</th><th scope="col">Occupation</th></tr></thead><tbody>${s.soc.map((o) => h`<tr><td><code>${o.code}</code></td><td>${o.title ?? ''}${o.epGrouping ? h` <span class="muted">(an Employment Projections grouping of several occupations)</span>` : ''}</td></tr>`)}</tbody></table></div>`
    : h`<p class="muted">No occupations are linked to this ${subcluster}.</p>`
}${linkSource(s, 'soc', subcluster)}</section>
${linkSection(s, 'cip', subcluster)}${linkSection(s, 'naics', subcluster)}<section aria-labelledby="about-h"><h2 id="about-h">About this ${subcluster}</h2>${metaList(s)}</section>
${lineageSection(ctx, s, across)}`,
  );
}

const LINKS = {
  cip: { id: 'cip-h', heading: 'Programs', code: 'CIP 2020 code', what: 'Program', none: 'programs' },
  naics: { id: 'naics-h', heading: 'Industries', code: 'NAICS sector', what: 'Industry', none: 'industries' },
} as const;

/** A sub-cluster's programs (CIP) or industries (NAICS): a table, or a line saying there are none, and where they come from. */
function linkSection(s: SubclusterNode, list: 'cip' | 'naics', level: string): SafeHtml {
  const links = s[list];
  const l = LINKS[list];
  // A 2002 pathway has neither list, and no source for one: nothing to say.
  if (!links.length && !s.linkProvenance?.[list]) return h``;
  return h`<section aria-labelledby="${l.id}"><h2 id="${l.id}">${l.heading}</h2>
${
  links.length
    ? h`<div class="table-wrap" tabindex="0" role="region" aria-label="Table of ${l.heading.toLowerCase()}"><table><caption class="sr-only">${l.heading} linked to ${s.title}</caption><thead><tr><th scope="col">${l.code}</th><th scope="col">${l.what}</th></tr></thead><tbody>${links.map((c) => h`<tr><td><code>${c.code}</code></td><td>${c.title ?? ''}</td></tr>`)}</tbody></table></div>`
    : h`<p class="muted">No ${l.none} are linked to this ${level}.</p>`
}${linkSource(s, list, level)}</section>
`;
}

/** Where a link list comes from, in plain words. */
function linkSource(s: SubclusterNode, list: 'soc' | 'cip' | 'naics', level: string): SafeHtml {
  const p = s.linkProvenance?.[list];
  if (!p) {
    const old = list === 'soc' ? s.provenance.occupations : undefined;
    if (old === 'onet-legacy') return h`<p class="muted">Source: O*NET’s Career Cluster linkages (O*NET Resource Center, CC BY 4.0).</p>`;
    if (old === 'derived')
      return h`<p class="muted">Carried over by ccf editors from the earlier pathways this ${level} continues: not the steward’s links.</p>`;
    if (old === 'editorial') return h`<p class="muted">Chosen by ccf editors.</p>`;
    return h``;
  }
  const source =
    p.source === 'advance-cte-crosswalk'
      ? `Advance CTE’s National Career Clusters® Framework Crosswalk${p.date ? ` (workbook of ${p.date})` : ''}`
      : p.source === 'onet-legacy'
        ? 'O*NET’s Career Cluster linkages'
        : 'ccf editors';
  if (p.listed === false) return h`<p class="muted">Source: ${source}, which has no row for this ${level}.</p>`;
  return h`<p class="muted">Source: ${source}.${p.note ? ` ${p.note.charAt(0).toUpperCase()}${p.note.slice(1)}.` : ''}</p>`;
}

/** An id a later version replaced: HTML 410 with its successors by title (the page twin of the API's 410). */
export function gonePage(ctx: PageContext, r: Replacement): SafeHtml {
  const { cluster, subcluster } = ctx.snapshot.framework.meta.terms;
  const n = r.node;
  return layout(
    ctx,
    { title: `${n.title}: replaced in version ${r.replacedIn}` },
    h`<h1>${n.title} <span class="badge retired">replaced</span></h1>
<p>${n.type === 'cluster' ? cluster : subcluster}${n.parentTitle ? ` in ${n.parentTitle}` : ''} <code>${n.id}</code>, last in version ${r.lastVersion}. Version ${r.replacedIn} replaced it${r.successors.length ? ' with:' : '.'}</p>
${successorList(ctx, r)}
<p><a href="${ctx.base}crosswalk?${new URLSearchParams({ from: r.fromSpec, ...(r.toSpec ? { to: r.toSpec } : {}), text: n.id }).toString()}">Its rows in the crosswalk ${r.lastVersion} → ${r.replacedIn}</a></p>`,
  );
}
