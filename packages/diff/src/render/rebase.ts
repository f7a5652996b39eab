import { escapeMarkdown, markdownCode } from '@ccf/core';
import type { RebaseConflict, RebaseEdit, RebasePlan } from '../rebase.js';
import { csvField } from './csv.js';

/** Columns of the rebase worklist, in order (the CSV's header). */
export const REBASE_WORKLIST_COLUMNS = [
  'kind',
  'file',
  'line',
  'column',
  'id',
  'title',
  'national',
  'state',
  'choices',
  'parts',
  'decision',
] as const satisfies readonly (keyof RebaseConflict)[];

/** The rebase worklist as CSV (RFC 4180, CRLF, header row), lists one per line in a cell, like `--format worklist`. */
export function renderRebaseWorklistCsv(plan: RebasePlan): string {
  const cell = (v: RebaseConflict[keyof RebaseConflict]): string => csvField(Array.isArray(v) ? v.join('\n') : String(v));
  return (
    [REBASE_WORKLIST_COLUMNS.join(','), ...plan.conflicts.map((c) => REBASE_WORKLIST_COLUMNS.map((k) => cell(c[k])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

const md = (s: string): string => escapeMarkdown(s).replace(/\r?\n/g, ' ');
/** A table cell: escaped (pipes too), lists as line breaks. */
const mdCell = (v: string | string[]): string => (Array.isArray(v) ? v.map(md).join('<br>') : md(v));

function editLine(e: RebaseEdit): string {
  switch (e.op) {
    case 'set':
      return `- ${markdownCode(e.file)}: \`${e.key}\` ${markdownCode(JSON.stringify(e.before) ?? '')} → ${markdownCode(JSON.stringify(e.after))} — ${md(e.why)}`;
    case 'delete':
      return `- ${markdownCode(e.file)}: \`${e.key}\` removed (was ${markdownCode(JSON.stringify(e.before) ?? '')}) — ${md(e.why)}`;
    case 'move-file':
      return `- ${markdownCode(e.file)}: renamed to ${markdownCode(e.to)} — ${md(e.why)}`;
    default:
      return `- ${markdownCode(e.file)}: file removed — ${md(e.why)}`;
  }
}

/** Counts of conflicts by kind, in the order of the first row of each: `3 program-split, 1 hidden-split`. */
export function summarizeRebase(plan: RebasePlan): string {
  const counts = new Map<string, number>();
  for (const c of plan.conflicts) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const files = new Set(plan.edits.filter((e) => e.op !== 'set' || e.key !== 'extends').map((e) => e.file)).size;
  const kinds = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  return `${plan.edits.length} automatic edit${plan.edits.length === 1 ? '' : 's'} in ${files} overlay file${files === 1 ? '' : 's'} (besides \`extends\`), ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'} for the state${kinds ? ` (${kinds})` : ''}`;
}

/**
 * "What the national change means for this state": the rebase plan as Markdown for a pull request — the automatic
 * edits, the worklist of conflicts and what changed in the nodes the state adopts unchanged.
 */
export function renderRebaseMarkdown(plan: RebasePlan): string {
  const out: string[] = [];
  out.push(`## What national ${md(plan.to.version)} means for this state`, '');
  out.push(
    `Re-basing from ${markdownCode(plan.from.label)} (${md(plan.from.version)}) to ${markdownCode(plan.to.label)} (${md(plan.to.version)}): ${summarizeRebase(plan)}.`,
    '',
  );
  out.push('### Decisions for the state', '');
  if (plan.conflicts.length === 0) out.push('None: every change applies automatically.', '');
  else {
    out.push('| kind | where | node | national change | state change | choices |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of plan.conflicts)
      out.push(
        `| ${c.kind} | ${mdCell(`${c.file}:${c.line}`)} | ${mdCell(`${c.title} (${c.id})`)} | ${mdCell(c.national)} | ${mdCell(c.state)} | ${mdCell(c.choices)} |`,
      );
    out.push('');
    const withParts = plan.conflicts.filter((c) => c.parts.length);
    if (withParts.length) {
      out.push('<details><summary>Parts to decide by (occupations and CIP links of each)</summary>', '');
      for (const c of withParts) out.push(`- **${md(c.id)}**`, ...c.parts.map((p) => `  - ${md(p)}`));
      out.push('', '</details>', '');
    }
  }
  out.push('### Applied automatically', '');
  out.push(...(plan.edits.length ? plan.edits.map(editLine) : ['Nothing.']), '');
  out.push('### National nodes the state adopts as they are', '');
  if (plan.adopted.length === 0 && plan.added.length === 0) out.push('No national change reaches them.', '');
  else {
    for (const a of plan.adopted)
      out.push(
        `- ${a.relation}: ${a.count} (${a.ids
          .slice(0, 8)
          .map((id) => markdownCode(id))
          .join(', ')}${a.count > 8 ? ', …' : ''})`,
      );
    if (plan.added.length)
      out.push(
        `- new in ${md(plan.to.version)}: ${plan.added.length} (${plan.added
          .slice(0, 8)
          .map((a) => markdownCode(a.id))
          .join(', ')}${plan.added.length > 8 ? ', …' : ''}) — shown in the state framework unless hidden`,
      );
    out.push('');
  }
  return out.join('\n');
}
