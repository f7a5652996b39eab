import type { ChangeSet, CrosswalkRow } from '../types.js';

/** Crosswalk format 1's columns first, in their order, so a reader of 2.0.0's crosswalk.csv finds them where they were. */
export const CROSSWALK_COLUMNS = [
  'fromId',
  'fromTitle',
  'fromParent',
  'toId',
  'toTitle',
  'toParent',
  'nodeType',
  'relation',
  'skos',
  'cardinality',
  'caseAssociation',
  'reason',
  'fromParentTitle',
  'toParentTitle',
  'share',
  'shareBasis',
  'partial',
  'primary',
  'occupations',
] as const satisfies readonly (keyof CrosswalkRow)[];

/** A crosswalk value as a cell: lists joined with `; `, numbers and flags as JSON writes them, null empty. */
export function cellText(value: CrosswalkRow[keyof CrosswalkRow] | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** One CSV field, RFC 4180: quoted when needed; a leading `= + - @` tab or CR is neutralised for spreadsheets. */
export function csvField(value: string | null | undefined): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The crosswalk as CSV (RFC 4180, CRLF, header row); an empty cell is the missing side. */
export function renderCrosswalkCsv(cs: ChangeSet): string {
  const lines = [CROSSWALK_COLUMNS.join(',')];
  for (const r of cs.crosswalk) lines.push(CROSSWALK_COLUMNS.map((k) => csvField(cellText(r[k]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A crosswalk cell's value as data: text, a number or a flag; null for the missing side or an empty field. */
export type CrosswalkCell = string | number | boolean | null;

/** The crosswalk as a table for spreadsheets: the CSV's columns, one row of exact values per crosswalk row. */
export interface CrosswalkTable {
  /** The sheet's name in a workbook. */
  name: 'crosswalk';
  description: string;
  columns: string[];
  rows: CrosswalkCell[][];
}

/** A crosswalk value as a cell: exact numbers and flags, lists (a row's occupations) joined as in the CSV, `[]` empty. */
function tableCell(value: CrosswalkRow[keyof CrosswalkRow] | undefined): CrosswalkCell {
  if (Array.isArray(value)) return value.length ? value.join('; ') : null;
  return value ?? null;
}

/** The crosswalk as a table (a workbook's `crosswalk` sheet): values exact, with no formula guard (a text cell never runs). */
export function toCrosswalkTable(cs: ChangeSet): CrosswalkTable {
  return {
    name: 'crosswalk',
    description: `One row per (old, new) pair from ${cs.from.label} (${cs.from.version}) to ${cs.to.label} (${cs.to.version}), plus one per node with no counterpart; the columns of crosswalk.csv.`,
    columns: [...CROSSWALK_COLUMNS],
    rows: cs.crosswalk.map((r) => CROSSWALK_COLUMNS.map((k) => tableCell(r[k]))),
  };
}
