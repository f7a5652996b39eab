import { percent } from '../message.js';
import type { ChangeSet, CrosswalkRow } from '../types.js';
import { csvField } from './csv.js';

/** What a state does about one old node. */
export type WorklistAction = 'none' | 'update-title' | 'update-parent' | 'review-definition' | 'remap' | 'choose-part' | 'retire';

/** One old node and what a state must do to move its programs, data and reports to the new version. */
export interface WorklistRow {
  /** What the old node's level is called (`Career Cluster`, `Career Pathway`). */
  level: string;
  fromId: string;
  fromTitle: string;
  fromParentTitle: string;
  /** The old node's relation to the new version: the row's, or for several successors `split` / `merged (partial)`. */
  relation: string;
  action: WorklistAction;
  /** The action in words. */
  todo: string;
  /** `Title (id) 86%`, one per successor, primary first. */
  successors: string[];
  /** The id to use where there is one answer: the only successor, else empty (the state chooses). */
  newId: string;
  /** For a node continued by several: each part with the occupations that go to it, to decide by. */
  parts: string[];
  reason: string;
  /** Left blank for the state. */
  decision: '';
}

/** Columns of the worklist, in order; a spreadsheet renderer writes the same ones. */
export const WORKLIST_COLUMNS = [
  'level',
  'fromId',
  'fromTitle',
  'fromParentTitle',
  'relation',
  'action',
  'todo',
  'successors',
  'newId',
  'parts',
  'reason',
  'decision',
] as const satisfies readonly (keyof WorklistRow)[];

export interface WorklistOptions {
  /** Titles of O*NET-SOC codes (e.g. from the new version's sub-clusters), shown beside each part's codes. */
  occupationTitles?: ReadonlyMap<string, string>;
}

/** The successor of a row in words: `Title (id) 86%`, the share only for a part. */
function successor(r: CrosswalkRow): string {
  return `${r.toTitle} (${r.toId})${r.partial ? ` ${percent(r.share)}` : ''}`;
}

function action(rows: CrosswalkRow[], fromId: string): [WorklistAction, string] {
  if (rows.length === 0 || rows[0]!.toId === null) return ['retire', 'No successor: end or re-map the programs by hand (see the reason).'];
  if (rows.length > 1)
    return ['choose-part', 'Choose, for each program, the part it belongs to (by its occupations), and re-map it to that id.'];
  const r = rows[0]!;
  if (r.toId !== fromId) return ['remap', `Re-map programs, data and reports to the new id ${r.toId}.`];
  switch (r.relation) {
    case 'moved':
      return ['update-parent', `Same id; file it under ${r.toParentTitle ?? r.toParent} (was ${r.fromParentTitle ?? r.fromParent}).`];
    case 'renamed':
      return ['update-title', `Same id; update the title to "${r.toTitle}".`];
    case 'redefined':
      return ['review-definition', 'Same id and title; its scope changed: check the programs filed under it against the new definition.'];
    default:
      return ['none', 'Nothing: the id, title and scope are unchanged.'];
  }
}

/**
 * The crosswalk as a state's worklist: one row per old node, in the old version's order, with its successors and
 * shares, what to do, the occupations of each part where there is a choice, and a blank `decision`. Data: the
 * CSV (and spreadsheet) renderers only lay it out.
 */
export function toWorklist(cs: ChangeSet, options: WorklistOptions = {}): WorklistRow[] {
  const byFrom = new Map<string, CrosswalkRow[]>();
  for (const r of cs.crosswalk) if (r.fromId !== null) byFrom.set(r.fromId, [...(byFrom.get(r.fromId) ?? []), r]);
  const titleOf = (code: string): string => {
    const t = options.occupationTitles?.get(code);
    return t ? `${code} ${t}` : code;
  };
  // A cluster's part is told by the old sub-clusters that go there (each with its own row and choice).
  const partContent = (r: CrosswalkRow): string => {
    if (r.nodeType === 'cluster') {
      const through = cs.crosswalk.filter((x) => x.nodeType !== 'cluster' && x.fromParent === r.fromId && x.toParent === r.toId);
      return `through ${[...new Set(through.map((x) => `${x.fromTitle} → ${x.toTitle}`))].join('; ')}`;
    }
    return r.occupations.length ? r.occupations.map(titleOf).join('; ') : 'no occupations linked';
  };
  const out: WorklistRow[] = [];
  for (const [fromId, all] of byFrom) {
    const rows = [...all].sort((a, b) => Number(b.primary) - Number(a.primary));
    const first = rows[0]!;
    const continued = rows.filter((r) => r.toId !== null);
    const [act, todo] = action(continued, fromId);
    const relation =
      continued.length > 1 ? (continued.some((r) => r.relation === 'merged') ? 'merged (partial)' : 'split') : first.relation;
    out.push({
      level: first.nodeType === 'cluster' ? cs.from.terms.cluster : cs.from.terms.subcluster,
      fromId,
      fromTitle: first.fromTitle ?? fromId,
      fromParentTitle: first.fromParentTitle ?? '',
      relation,
      action: act,
      todo,
      successors: continued.map(successor),
      newId: continued.length === 1 ? continued[0]!.toId! : '',
      parts: continued.length > 1 ? continued.map((r) => `${successor(r)}${r.primary ? ', primary' : ''}: ${partContent(r)}`) : [],
      reason: [...new Set(rows.map((r) => r.reason).filter((x): x is string => !!x))].join(' '),
      decision: '',
    });
  }
  return out;
}

/** The worklist as CSV (RFC 4180, CRLF, header row): lists in a cell one per line, so a spreadsheet shows them stacked. */
export function renderWorklistCsv(rows: WorklistRow[]): string {
  const cell = (v: WorklistRow[keyof WorklistRow]): string => csvField(Array.isArray(v) ? v.join('\n') : v);
  return [WORKLIST_COLUMNS.join(','), ...rows.map((r) => WORKLIST_COLUMNS.map((k) => cell(r[k])).join(','))].join('\r\n') + '\r\n';
}

/** The worklist as a table for spreadsheets: the CSV's columns, lists one per line in a cell. */
export interface WorklistTable {
  /** The sheet's name in a workbook. */
  name: 'worklist';
  description: string;
  columns: string[];
  rows: (string | null)[][];
}

/**
 * The worklist as a table (`ccf crosswalk --format worklist-xlsx`): the rows of `toWorklist`, values exact, with no
 * formula guard (a text cell never runs); an empty value (the blank `decision`) is an empty cell to fill in.
 */
export function toWorklistTable(cs: ChangeSet, options: WorklistOptions = {}): WorklistTable {
  const cell = (v: WorklistRow[keyof WorklistRow]): string | null => {
    const text = Array.isArray(v) ? v.join('\n') : v;
    return text === '' ? null : text;
  };
  return {
    name: 'worklist',
    description: `One row per node of ${cs.from.label} (${cs.from.version}): what a state does to move to ${cs.to.label} (${cs.to.version}), with a blank decision column; the columns of the worklist CSV.`,
    columns: [...WORKLIST_COLUMNS],
    rows: toWorklist(cs, options).map((r) => WORKLIST_COLUMNS.map((k) => cell(r[k]))),
  };
}
