import type { Framework, FrameworkNode } from '@ccf/core';
import { escapeMarkdown, markdownCode } from '@ccf/core';
import { csvField } from './render/csv.js';

// "How we differ": a state framework (an overlay resolved against its base) beside that national base, node by
// node — hidden, renamed, moved, redefined, re-coded, scoped, the state's own — with the programs of study below each.

/** One node where the state framework differs from its base, or that carries programs of study. */
export interface StateComparisonRow {
  id: string;
  /** What the node's level is called in the base (`Career Cluster`, `Career Pathway`). */
  level: string;
  /** `hidden`, `modified`, `state`, or `national` (adopted as is, listed for its programs). */
  origin: 'hidden' | 'modified' | 'state' | 'national';
  /** What differs: `hidden`, `added`, `renamed`, `moved`, `redefined`, `recoded`, `scoped`, `dated`. */
  changes: string[];
  nationalTitle: string;
  title: string;
  nationalParent: string;
  parent: string;
  /** A hidden node's reason. */
  reason: string;
  /** Programs of study below the node: `Title (id): CIP 52.0301, 52.8801`. */
  programs: string[];
}

/** Columns of the comparison table (CSV), in order. */
export const STATE_COMPARISON_COLUMNS = [
  'id',
  'level',
  'origin',
  'changes',
  'nationalTitle',
  'title',
  'nationalParent',
  'parent',
  'reason',
  'programs',
] as const satisfies readonly (keyof StateComparisonRow)[];

const parentOf = (n: FrameworkNode | undefined): string => (n?.type === 'subcluster' ? n.parent : '');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The state framework beside its base: one row per hidden, changed or state node, and per node with programs. */
export function toStateComparison(state: Framework, base: Framework): StateComparisonRow[] {
  const terms = base.meta.terms ?? { cluster: 'Career Cluster', subcluster: 'Career Pathway' };
  const level = (type: string): string => (type === 'cluster' ? terms.cluster : terms.subcluster);
  const rows: StateComparisonRow[] = [];
  for (const n of state.nodes.values()) {
    const national = base.nodes.get(n.id);
    const programs = n.type === 'subcluster' ? (n.programs ?? []).map((p) => `${p.title} (${p.id}): CIP ${p.cip.join(', ')}`) : [];
    const changes: string[] = [];
    if (n.origin === 'state' || !national) changes.push('added');
    else {
      if (n.title !== national.title) changes.push('renamed');
      if (parentOf(n) !== parentOf(national)) changes.push('moved');
      if (n.definition.trim() !== national.definition.trim()) changes.push('redefined');
      if (!same(n.codes, national.codes)) changes.push('recoded');
      if (n.scope !== undefined && n.scope !== 'statewide') changes.push('scoped');
      if (n.effective !== undefined) changes.push('dated');
    }
    const origin = n.origin === 'state' || !national ? 'state' : changes.length ? 'modified' : 'national';
    if (origin === 'national' && programs.length === 0) continue;
    rows.push({
      id: n.id,
      level: level(n.type),
      origin,
      changes,
      nationalTitle: national?.title ?? '',
      title: n.title,
      nationalParent: parentOf(national),
      parent: parentOf(n),
      reason: '',
      programs,
    });
  }
  for (const h of state.overlay?.hidden ?? [])
    rows.push({
      id: h.id,
      level: level(h.type),
      origin: 'hidden',
      changes: ['hidden'],
      nationalTitle: h.title,
      title: '',
      nationalParent: parentOf(base.nodes.get(h.id)),
      parent: '',
      reason: h.reason,
      programs: [],
    });
  return rows;
}

/** The comparison as CSV (RFC 4180, CRLF, header row), lists one per line in a cell. */
export function renderStateComparisonCsv(rows: StateComparisonRow[]): string {
  const cell = (v: StateComparisonRow[keyof StateComparisonRow]): string => csvField(Array.isArray(v) ? v.join('\n') : v);
  return (
    [STATE_COMPARISON_COLUMNS.join(','), ...rows.map((r) => STATE_COMPARISON_COLUMNS.map((k) => cell(r[k])).join(','))].join('\r\n') +
    '\r\n'
  );
}

/** "How we differ" as Markdown: counts, then one table row per node. */
export function renderStateComparisonMarkdown(rows: StateComparisonRow[], state: Framework, base: Framework): string {
  const md = (s: string): string => escapeMarkdown(s);
  const count = (o: StateComparisonRow['origin']): number => rows.filter((r) => r.origin === o).length;
  const programs = rows.reduce((n, r) => n + r.programs.length, 0);
  const out = [
    `## How ${md(state.meta.title)} differs from ${md(base.meta.title)} ${md(base.meta.version)}`,
    '',
    `${count('hidden')} hidden, ${count('modified')} changed, ${count('state')} state-only; ${programs} program${programs === 1 ? '' : 's'} of study.`,
    '',
    '| node | level | origin | what differs | national | state | programs of study |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const national = r.nationalTitle
      ? `${md(r.nationalTitle)}${r.nationalParent ? ` (in ${markdownCode(r.nationalParent, { table: true })})` : ''}`
      : '';
    const mine =
      r.origin === 'hidden'
        ? `hidden: ${md(r.reason)}`
        : `${md(r.title)}${r.parent && r.parent !== r.nationalParent ? ` (in ${markdownCode(r.parent, { table: true })})` : ''}`;
    out.push(
      `| ${markdownCode(r.id, { table: true })} | ${md(r.level)} | ${r.origin} | ${r.changes.join(', ')} | ${national} | ${mine} | ${r.programs.map(md).join('<br>')} |`,
    );
  }
  return out.join('\n') + '\n';
}
