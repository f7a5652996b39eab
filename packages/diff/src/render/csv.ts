import type { ChangeSet, CrosswalkRow } from '../types.js';

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
] as const satisfies readonly (keyof CrosswalkRow)[];

/** One CSV field, RFC 4180: quoted when needed; a leading `= + - @` tab or CR is neutralised for spreadsheets. */
export function csvField(value: string | null | undefined): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The crosswalk as CSV (RFC 4180, CRLF, header row); an empty cell is the missing side. */
export function renderCrosswalkCsv(cs: ChangeSet): string {
  const lines = [CROSSWALK_COLUMNS.join(',')];
  for (const r of cs.crosswalk) lines.push(CROSSWALK_COLUMNS.map((k) => csvField(r[k] as string | null | undefined)).join(','));
  return lines.join('\r\n') + '\r\n';
}
