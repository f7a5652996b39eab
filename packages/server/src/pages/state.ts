import type { ClusterNode, Framework, FrameworkNode, OverlayInfo, ProgramNode, Scope, SubclusterNode } from '@ccf/core';
import { toStateComparison, type StateComparisonRow } from '@ccf/diff';
import { h, trusted, type SafeHtml } from '../html.js';
import { renderMarkdownToHtml } from '../markdown.js';
import { occupationCount } from '../model.js';
import { layout, type PageContext } from './layout.js';

// A state framework (an overlay resolved against a national version) in the preview: each node's origin as a badge
// with words (never colour alone), what the state changed, its programs of study, the nodes it hides, the national
// side of each node, and the "compare with national" table. Every string here comes from the state's files or the
// base: all of it goes through `h`, which escapes.

type Hidden = OverlayInfo['hidden'][number];

const ORIGIN_TEXT = { national: 'national', modified: 'modified', state: 'state' } as const;
const ORIGIN_TITLE = {
  national: 'Adopted from the national framework unchanged',
  modified: 'A national node the state changed',
  state: 'The state’s own, not in the national framework',
} as const;

/** The origin of a node of a state framework as a badge with its word; nothing for a national framework. */
export function originBadge(fw: Framework, n: { origin?: keyof typeof ORIGIN_TEXT }): SafeHtml | '' {
  if (!fw.overlay || !n.origin) return '';
  return h`<span class="badge origin-${n.origin}" title="${ORIGIN_TITLE[n.origin]}">${ORIGIN_TEXT[n.origin]}</span>`;
}

/** The path of a node's page on the national side: `national/clusters/<id>` or `national/clusters/<parent>/<id>`. */
export function nationalPath(n: FrameworkNode): string {
  return n.type === 'cluster' ? `national/clusters/${n.id}` : `national/clusters/${n.parent}/${n.id}`;
}

const statePath = (n: FrameworkNode): string => (n.type === 'cluster' ? `clusters/${n.id}` : `clusters/${n.parent}/${n.id}`);

/** The path of a hidden node's page: where its national page was (it says why the state hides it). */
export function hiddenPath(base: Framework, h: Hidden): string {
  const n = base.nodes.get(h.id);
  return n ? statePath(n) : `clusters/${h.id}`;
}

/** A state's region codes in words: `Northwest (NW)`. */
function scopeText(o: OverlayInfo, scope: Scope | undefined): string {
  if (scope === undefined || scope === 'statewide') return 'Statewide';
  const titles = new Map((o.state.regions ?? []).map((r) => [r.code, r.title]));
  return `Regional: ${scope.regional.map((c) => (titles.get(c) ? `${titles.get(c)} (${c})` : c)).join(', ')}`;
}

function datesText(e: { from?: string; until?: string } | undefined): string {
  if (!e) return '';
  return e.from && e.until ? `From ${e.from} until ${e.until}` : e.from ? `From ${e.from}` : e.until ? `Until ${e.until}` : '';
}

/** The state's pseudo-CIP pattern, compiled as resolution compiles it; undefined when none (or a bad one, which lint reports). */
function pseudoCipOf(o: OverlayInfo): RegExp | undefined {
  if (typeof o.state.pseudoCip !== 'string') return undefined;
  try {
    return new RegExp(`^(?:${o.state.pseudoCip})$`, 'u');
  } catch {
    return undefined;
  }
}

/** A node's state section: where it comes from, the national version, and each change the state made. */
export function stateSection(ctx: PageContext, n: FrameworkNode): SafeHtml | '' {
  const { framework: fw, base } = ctx.snapshot;
  const o = fw.overlay;
  if (!o || !n.origin) return '';
  const national = base?.nodes.get(n.id);
  const { cluster, subcluster } = fw.meta.terms;
  const items: SafeHtml[] = [];
  if (n.origin === 'state') {
    items.push(h`<li>Added by ${o.state.name}: not in ${o.base.title} ${o.base.version}.</li>`);
    if (n.derivedFrom.length)
      items.push(
        h`<li>Derived from national ${n.derivedFrom.map((id, i) => {
          const from = base?.nodes.get(id);
          return h`${i ? ', ' : ''}${from ? h`<a href="${ctx.base}${nationalPath(from)}">${from.title}</a>` : ''} <code>${id}</code>`;
        })}</li>`,
      );
  } else {
    items.push(
      h`<li>${n.origin === 'national' ? 'Adopted unchanged from' : 'Changed from'} ${o.base.title} version ${n.baseVersion ?? o.base.version}${national ? h`: <a href="${ctx.base}${nationalPath(national)}">the national ${national.type === 'cluster' ? cluster : subcluster}</a>` : ''}.</li>`,
    );
    if (national && national.title !== n.title) items.push(h`<li>Renamed from “${national.title}”.</li>`);
    if (national?.type === 'subcluster' && n.type === 'subcluster' && national.parent !== n.parent) {
      const from = base?.nodes.get(national.parent);
      const to = fw.nodes.get(n.parent);
      items.push(
        h`<li>Re-parented: from ${from ? h`<a href="${ctx.base}${nationalPath(from)}">${from.title}</a>` : h`<code>${national.parent}</code>`} to ${to ? h`<a href="${ctx.base}${statePath(to)}">${to.title}</a>` : h`<code>${n.parent}</code>`}.</li>`,
      );
    }
    if (n.stateChanges?.includes('definition')) items.push(h`<li>Definition written by the state.</li>`);
  }
  const stateCodes = Object.entries(n.codes).filter(([k, v]) => v !== undefined && national?.codes[k] !== v);
  if (stateCodes.length)
    items.push(h`<li>State codes: ${stateCodes.map(([k, v], i) => h`${i ? ', ' : ''}${k} <code>${v ?? ''}</code>`)}.</li>`);
  if (n.scope !== undefined) items.push(h`<li>Scope: ${scopeText(o, n.scope)}.</li>`);
  if (n.effective) items.push(h`<li>In effect: ${datesText(n.effective)}.</li>`);
  return h`<section aria-labelledby="state-h"><h2 id="state-h">In ${o.state.name} ${originBadge(fw, n)}</h2>
<ul>${items}</ul></section>
`;
}

/** A sub-cluster's programs of study: CIP codes (pseudo-codes marked as state codes), courses, credentials, scope. */
export function programsSection(ctx: PageContext, s: SubclusterNode): SafeHtml | '' {
  const o = ctx.snapshot.framework.overlay;
  if (!o) return '';
  const programs = s.programs ?? [];
  const pseudo = pseudoCipOf(o);
  const cip = (p: ProgramNode): SafeHtml[] =>
    p.cip.map(
      (code, i) =>
        h`${i ? h`<br>` : ''}<code>${code}</code>${pseudo?.test(code) ? h` <span class="badge origin-state">state code</span>` : ''}`,
    );
  const courses = (p: ProgramNode): SafeHtml | string =>
    p.courses.length ? h`<ul class="plain">${p.courses.map((c) => h`<li><code>${c.code}</code> ${c.title}</li>`)}</ul>` : '—';
  return h`<section aria-labelledby="pos-h"><h2 id="pos-h">Programs of study</h2>
${
  programs.length
    ? h`<div class="table-wrap" tabindex="0" role="region" aria-label="Table of programs of study"><table class="wide"><caption class="sr-only">Programs of study of ${o.state.name} in ${s.title}</caption><thead><tr><th scope="col">Program</th><th scope="col">CIP codes</th><th scope="col">Courses</th><th scope="col">Credentials</th><th scope="col">Scope</th></tr></thead><tbody>${programs.map(
        (p) =>
          h`<tr><th scope="row">${p.title}<br><code>${p.id}</code>${p.definition ? h`<div class="muted">${trusted(renderMarkdownToHtml(p.definition))}</div>` : ''}</th><td>${cip(p)}</td><td>${courses(p)}</td><td>${p.credentials.length ? p.credentials.join('; ') : '—'}</td><td>${scopeText(o, p.scope)}${p.effective ? h`<br>${datesText(p.effective)}` : ''}</td></tr>`,
      )}</tbody></table></div>${pseudo && programs.some((p) => p.cip.some((c) => pseudo.test(c))) ? h`<p class="muted">A code marked “state code” is ${o.state.name}’s own (a pseudo-CIP), not an NCES CIP 2020 code.</p>` : ''}`
    : h`<p class="muted">${o.state.name} lists no programs of study here.</p>`
}</section>
`;
}

/** The state summary on the overview: the base, the state's metadata, counts, and the way to the comparison. */
export function stateSummary(ctx: PageContext): SafeHtml | '' {
  const { framework: fw, base } = ctx.snapshot;
  const o = fw.overlay;
  if (!o) return '';
  const rows = base ? toStateComparison(fw, base) : [];
  const count = (origin: StateComparisonRow['origin']): number => rows.filter((r) => r.origin === origin).length;
  return h`<section class="state-summary" aria-labelledby="state-h"><h2 id="state-h">A state framework</h2>
<p>${o.state.name}’s adaptation of ${o.base.title} version ${o.base.version} (<code>extends: ${o.extends}</code>)${o.state.effectiveSchoolYear ? `, in effect from the ${o.state.effectiveSchoolYear} school year` : ''}${o.state.approvedBy ? `, approved by ${o.state.approvedBy}` : ''}.</p>
${base ? h`<p>${count('hidden')} hidden · ${count('modified')} changed · ${count('state')} state-only · ${o.programs.size} program${o.programs.size === 1 ? '' : 's'} of study. <a href="${ctx.base}national">Compare with national</a></p>` : ''}
</section>`;
}

/** The page at a hidden node's URL: the state hides it, and why (not a bare "not found"). */
export function hiddenPage(ctx: PageContext, hidden: Hidden): SafeHtml {
  const { framework: fw, base } = ctx.snapshot;
  const o = fw.overlay!;
  const national = base?.nodes.get(hidden.id);
  const level = hidden.type === 'cluster' ? fw.meta.terms.cluster : fw.meta.terms.subcluster;
  return layout(
    ctx,
    { title: `${hidden.title}: hidden in ${o.state.name}` },
    h`<h1>${hidden.title} <span class="badge hidden">hidden</span></h1>
<p>Hidden in ${o.state.name}: ${hidden.reason || 'no reason given'}</p>
<p>The national ${level} <code>${hidden.id}</code> of ${o.base.title} ${o.base.version} is not part of ${fw.meta.title}.${national ? h` <a href="${ctx.base}${nationalPath(national)}">See it on the national side</a>.` : ''}</p>
<p><a href="${ctx.base}national">Compare ${fw.meta.title} with national</a></p>`,
  );
}

/** A node of the national base, as the state framework's "national side". */
export function nationalNodePage(ctx: PageContext, n: FrameworkNode): SafeHtml {
  const { framework: fw, base } = ctx.snapshot;
  const o = fw.overlay!;
  const { cluster, subcluster } = base!.meta.terms;
  const mine = fw.nodes.get(n.id);
  const hidden = o.hidden.find((x) => x.id === n.id);
  const parent = n.type === 'subcluster' ? base!.nodes.get(n.parent) : undefined;
  const here = mine
    ? h`<p>In ${o.state.name}: <a href="${ctx.base}${statePath(mine)}">${mine.title}</a> ${originBadge(fw, mine)}</p>`
    : hidden
      ? h`<p>Hidden in ${o.state.name}: ${hidden.reason || 'no reason given'}</p>`
      : h`<p>Not in ${fw.meta.title}.</p>`;
  return layout(
    ctx,
    {
      title: `${n.title} (national ${o.base.version})`,
      nav: 'national',
      crumbs: [
        ['Compare with national', 'national'],
        ...(parent ? [[parent.title, nationalPath(parent)] as [string, string]] : []),
        [n.title, nationalPath(n)],
      ],
    },
    h`<h1>${n.title} <span class="badge">national ${o.base.version}</span></h1>
<p class="counts">${n.type === 'cluster' ? cluster : subcluster}${parent ? h` in <a href="${ctx.base}${nationalPath(parent)}">${parent.title}</a>` : ''} of ${o.base.title} version ${o.base.version} · <code>${n.id}</code> · ${occupationCount(n)} occupation${occupationCount(n) === 1 ? '' : 's'}</p>
${here}
<section aria-labelledby="def-h"><h2 id="def-h">National definition</h2>${n.definition.trim() ? trusted(renderMarkdownToHtml(n.definition)) : h`<p class="muted">No definition.</p>`}</section>
${
  n.type === 'cluster'
    ? h`<section aria-labelledby="subs-h"><h2 id="subs-h">National ${subcluster}s</h2><ul class="cards">${(n as ClusterNode).children.map((s) => h`<li><a href="${ctx.base}${nationalPath(s)}">${s.title}</a></li>`)}</ul></section>`
    : ''
}`,
  );
}

/** "Compare with national": every node where the state differs (or lists programs), with links to both sides. */
export function comparePage(ctx: PageContext): SafeHtml {
  const { framework: fw, base } = ctx.snapshot;
  const o = fw.overlay!;
  const rows = toStateComparison(fw, base!);
  const count = (origin: StateComparisonRow['origin']): number => rows.filter((r) => r.origin === origin).length;
  const programs = rows.reduce((n, r) => n + r.programs.length, 0);
  const stateSide = (r: StateComparisonRow): SafeHtml => {
    if (r.origin === 'hidden') {
      const hidden = o.hidden.find((x) => x.id === r.id)!;
      return h`<a href="${ctx.base}${hiddenPath(base!, hidden)}">hidden</a>: ${r.reason || 'no reason given'}`;
    }
    const n = fw.nodes.get(r.id)!;
    const parent = n.type === 'subcluster' ? fw.nodes.get(n.parent) : undefined;
    return h`<a href="${ctx.base}${statePath(n)}">${r.title}</a>${parent && r.parent !== r.nationalParent ? h`<br><span class="muted">in ${parent.title}</span>` : ''}`;
  };
  const nationalSide = (r: StateComparisonRow): SafeHtml | string => {
    const n = base!.nodes.get(r.id);
    if (!n) return '—';
    const parent = n.type === 'subcluster' ? base!.nodes.get(n.parent) : undefined;
    return h`<a href="${ctx.base}${nationalPath(n)}">${n.title}</a>${parent ? h`<br><span class="muted">in ${parent.title}</span>` : ''}`;
  };
  const origin = (r: StateComparisonRow): SafeHtml =>
    r.origin === 'hidden' ? h`<span class="badge hidden">hidden</span>` : (originBadge(fw, { origin: r.origin }) as SafeHtml);
  return layout(
    ctx,
    { title: 'Compare with national', nav: 'national' },
    h`<h1>Compare with national</h1>
<p>How ${fw.meta.title} differs from ${o.base.title} version ${o.base.version} (<code>ccf diff ${fw.source.label}</code>).</p>
<ul class="counts-list">
<li>${count('hidden')} hidden</li><li>${count('modified')} changed</li><li>${count('state')} state-only</li><li>${programs} program${programs === 1 ? '' : 's'} of study</li>
</ul>
${
  rows.length
    ? h`<div class="table-wrap" tabindex="0" role="region" aria-label="Table of differences from national"><table class="wide"><caption class="sr-only">Nodes of ${fw.meta.title} that differ from ${o.base.title} ${o.base.version}, or list programs of study</caption>
<thead><tr><th scope="col">Node</th><th scope="col">Level</th><th scope="col">Origin</th><th scope="col">What differs</th><th scope="col">National</th><th scope="col">${o.state.name}</th><th scope="col">Programs of study</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          h`<tr><th scope="row"><code>${r.id}</code></th><td>${r.level}</td><td>${origin(r)}</td><td>${r.changes.join(', ') || '—'}</td><td>${nationalSide(r)}</td><td>${stateSide(r)}</td><td>${r.programs.length ? h`<ul class="plain">${r.programs.map((p) => h`<li>${p}</li>`)}</ul>` : '—'}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>${fw.meta.title} adopts ${o.base.title} ${o.base.version} unchanged.</p>`
}`,
  );
}
