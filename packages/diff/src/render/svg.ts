import { escapeInvisible } from '@ccf/core';
import { sankey, type SankeyGraph } from 'd3-sankey';
import { percent } from '../message.js';
import type { ChangeSet, CrosswalkRow, Relation } from '../types.js';

export interface FlowSvgOptions {
  /** Which rows to draw: the clusters (default) or the sub-clusters (Career Pathways → Sub-Clusters). */
  level?: 'cluster' | 'subcluster';
}

/** Text safe in SVG/XML content and quoted attributes: controls shown as escapes (XML 1.0 forbids most), markup escaped. */
export function escapeXml(s: string): string {
  return escapeInvisible(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** One color per relation, readable on white and told apart by the legend's words too (never by color alone). */
const COLORS: Record<string, string> = {
  unchanged: '#8c8c8c',
  renamed: '#1f6fb2',
  'id-changed': '#1f6fb2',
  moved: '#1f6fb2',
  redefined: '#1f6fb2',
  merged: '#7b3fa0',
  split: '#c2570c',
  new: '#2e7d32',
  retired: '#b3261e',
};
const LEGEND: [string, Relation[]][] = [
  ['unchanged', ['unchanged']],
  ['continued with a new title, id, place or scope', ['renamed', 'id-changed', 'moved', 'redefined']],
  ['merged', ['merged']],
  ['split', ['split']],
  ['new', ['new']],
  ['retired', ['retired']],
];

const WIDTH = 1160;
const LABEL = 330;
const TOP = 78;
const ROW = 24;
const MAX_LABEL = 50;

interface FlowNode {
  key: string;
  title: string;
  side: 'from' | 'to';
}
interface FlowLink {
  source: number;
  target: number;
  value: number;
  row: CrosswalkRow;
}

const n1 = (x: number): string => (Math.round(x * 10) / 10).toString();
const clip = (s: string): string => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1).trimEnd()}…` : s);

/**
 * The crosswalk as a flow (Sankey) diagram in SVG: old nodes on the left, new on the right, one band per row, its
 * thickness the share of the old node (each old node is one unit high), colored by relation. Laid out by d3-sankey;
 * text only through `escapeXml`; no script and no style attribute (presentation attributes only), so it is safe
 * inline under a strict CSP. Byte-reproducible: input order and rounded coordinates, no clock.
 */
export function renderCrosswalkSvg(cs: ChangeSet, options: FlowSvgOptions = {}): string {
  const level = options.level ?? 'cluster';
  const rows = cs.crosswalk.filter((r) => r.nodeType === level);
  const term = (v: ChangeSet['from']): string => (level === 'cluster' ? v.terms.cluster : v.terms.subcluster);
  const nodes: FlowNode[] = [];
  const index = new Map<string, number>();
  const node = (key: string, title: string, side: FlowNode['side']): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      nodes.push({ key, title, side });
    }
    return i;
  };
  const NEW = `new:`;
  const GONE = `gone:`;
  const links: FlowLink[] = [];
  // Left column first, in the old version's order, so the layout (input order, no re-sorting) reads like the crosswalk.
  for (const r of rows) if (r.fromId) node(`from:${r.fromId}`, r.fromTitle ?? r.fromId, 'from');
  if (rows.some((r) => !r.fromId)) node(NEW, `New in ${cs.to.version}`, 'from');
  const right = rows.filter((r) => r.toId);
  // Right column by where its bands come from (the mean left position), so bands cross as little as the order allows.
  const from = (r: CrosswalkRow): number => (r.fromId ? index.get(`from:${r.fromId}`)! : index.get(NEW)!);
  const weight = new Map<string, { sum: number; total: number; first: number }>();
  right.forEach((r, i) => {
    const w = weight.get(r.toId!) ?? { sum: 0, total: 0, first: i };
    const v = r.share ?? 1;
    w.sum += from(r) * v;
    w.total += v;
    weight.set(r.toId!, w);
  });
  const targets = [...weight.entries()].sort(([, a], [, b]) => a.sum / a.total - b.sum / b.total || a.first - b.first);
  for (const [id] of targets) {
    const r = right.find((x) => x.toId === id)!;
    node(`to:${id}`, r.toTitle ?? id, 'to');
  }
  if (rows.some((r) => !r.toId)) node(GONE, `Retired in ${cs.to.version}`, 'to');
  for (const r of rows) {
    const source = r.fromId ? index.get(`from:${r.fromId}`)! : index.get(NEW)!;
    const target = r.toId ? index.get(`to:${r.toId}`)! : index.get(GONE)!;
    links.push({ source, target, value: r.share ?? 1, row: r });
  }

  const columns = Math.max(1, nodes.filter((x) => x.side === 'from').length, nodes.filter((x) => x.side === 'to').length);
  const height = TOP + columns * ROW + 24;
  const title = `${term(cs.from)}s of version ${cs.from.version} → ${term(cs.to)}s of version ${cs.to.version}`;
  const fromCount = nodes.filter((x) => x.side === 'from' && x.key !== NEW).length;
  const toCount = nodes.filter((x) => x.side === 'to' && x.key !== GONE).length;
  const desc =
    `${fromCount} ${term(cs.from)}${fromCount === 1 ? '' : 's'} of version ${cs.from.version} on the left, ${toCount} ${term(cs.to)}${toCount === 1 ? '' : 's'} of version ${cs.to.version} on the right; ` +
    `each band is one crosswalk row, as thick as the share of the old node it carries, colored by relation. The crosswalk table beside it lists the same rows.`;

  let out = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="flow-title flow-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">\n`;
  out += `<title id="flow-title">${escapeXml(title)}</title>\n<desc id="flow-desc">${escapeXml(desc)}</desc>\n`;
  out += `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>\n`;
  out += `<text x="8" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>\n`;
  let x = 8;
  out += `<g aria-hidden="true">`;
  for (const [label, relations] of LEGEND) {
    if (!rows.some((r) => relations.includes(r.relation))) continue;
    out += `<rect x="${x}" y="36" width="14" height="10" fill="${COLORS[relations[0]!]}" fill-opacity="0.55"/><text x="${x + 18}" y="45" fill="#1a1a1a">${escapeXml(label)}</text>`;
    x += 34 + label.length * 7;
  }
  out += `</g>\n`;
  out += `<text x="${LABEL - 8}" y="66" text-anchor="end" font-weight="bold" fill="#1a1a1a">${escapeXml(`Version ${cs.from.version}`)}</text>`;
  out += `<text x="${WIDTH - LABEL + 8}" y="66" font-weight="bold" fill="#1a1a1a">${escapeXml(`Version ${cs.to.version}`)}</text>\n`;
  if (!links.length) return `${out}<text x="8" y="${TOP + 16}" fill="#1a1a1a">No rows at this level.</text>\n</svg>\n`;

  const layout = sankey<FlowNode, FlowLink>()
    .nodeWidth(12)
    .nodePadding(12)
    .nodeSort(null as never)
    .linkSort(null as never)
    .iterations(0)
    .extent([
      [LABEL, TOP],
      [WIDTH - LABEL, height - 16],
    ]);
  const graph = layout({ nodes: nodes.map((d) => ({ ...d })), links: links.map((d) => ({ ...d })) } as SankeyGraph<FlowNode, FlowLink>);

  out += `<g fill="none">\n`;
  for (const l of graph.links) {
    const s = l.source as (typeof graph.nodes)[number];
    const t = l.target as (typeof graph.nodes)[number];
    const x0 = s.x1!;
    const x1 = t.x0!;
    const xm = (x0 + x1) / 2;
    const r = l.row;
    const what = `${r.fromTitle ?? `New in ${cs.to.version}`} → ${r.toTitle ?? `Retired in ${cs.to.version}`}: ${r.relation}${r.share !== null ? `, ${percent(r.share)}` : ''}`;
    out += `<path d="M${n1(x0)},${n1(l.y0!)}C${n1(xm)},${n1(l.y0!)} ${n1(xm)},${n1(l.y1!)} ${n1(x1)},${n1(l.y1!)}" stroke="${COLORS[r.relation] ?? '#8c8c8c'}" stroke-opacity="0.45" stroke-width="${n1(Math.max(1, l.width!))}"><title>${escapeXml(what)}</title></path>\n`;
  }
  out += `</g>\n<g>\n`;
  for (const d of graph.nodes) {
    const left = d.side === 'from';
    const y = (d.y0! + d.y1!) / 2;
    out += `<g><title>${escapeXml(d.title)}</title><rect x="${n1(d.x0!)}" y="${n1(d.y0!)}" width="${n1(d.x1! - d.x0!)}" height="${n1(Math.max(1, d.y1! - d.y0!))}" fill="#3b3b3b"/>`;
    out += `<text x="${n1(left ? d.x0! - 6 : d.x1! + 6)}" y="${n1(y)}" dy="0.35em" text-anchor="${left ? 'end' : 'start'}" fill="#1a1a1a">${escapeXml(clip(d.title))}</text></g>\n`;
  }
  return `${out}</g>\n</svg>\n`;
}
