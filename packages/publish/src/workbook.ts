import type { Framework } from '@ccf/core';
import type { Table } from './tables.js';
import { listText, tablesFor } from './tables.js';
import { xlsxBytes, type Sheet, type SheetCell } from './xlsx.js';

/** The workbook's file name in a release. */
export const WORKBOOK = 'framework.xlsx';

/** One value of a table as a spreadsheet cell: the CSV's value, without the CSV's formula guard (a text cell is never run). */
function sheetCell(value: string | number | boolean | string[] | undefined): SheetCell {
  return Array.isArray(value) ? listText(value) : value;
}

/** A published table as a sheet named like its CSV file, with the same columns and values. */
export function tableSheet<Row>(table: Table<Row>, framework: Framework): Sheet {
  return {
    name: table.name,
    description: table.description,
    columns: table.columns.map((c) => c.name),
    rows: table.rows(framework).map((row) => table.columns.map((c) => sheetCell(c.value(row)))),
  };
}

/** The About sheet: what the workbook is, its license and attribution (framework.md's words), and each sheet. */
function aboutSheet(
  framework: Framework,
  sheets: readonly Sheet[],
  date: string | undefined,
  toolVersion: string,
  baseUrl: string | undefined,
): Sheet {
  const m = framework.meta;
  const rows: [string, string][] = [
    ['title', m.title],
    ['version', m.version],
    ['edition', m.edition],
    ['publisher', m.publisher],
    ['license', m.license],
    ['attribution', m.attribution],
    ...(baseUrl ? ([['homepage', baseUrl]] as [string, string][]) : []),
    ...(framework.source.commit ? ([['source commit', framework.source.commit]] as [string, string][]) : []),
    ...(date ? ([['source date', date]] as [string, string][]) : []),
    ['made by', `ccf ${toolVersion}`],
    ['levels', `${m.terms.cluster} (sheet clusters), ${m.terms.subcluster} (sheet subclusters)`],
    [
      'cells',
      'Codes (SOC, O*NET, CIP, cardinality such as 1:1) are text cells and keep their leading zeros; lists are JSON arrays; the same values as the CSV files, which also carry a leading apostrophe on text that would start with = + - or @.',
    ],
    ...sheets.map((s): [string, string] => [`sheet ${s.name}`, s.description ?? '']),
  ];
  return { name: 'About', columns: ['field', 'value'], rows, notes: true };
}

/** framework.xlsx: a sheet per published table, then any extra sheets (the crosswalk), then About. */
export async function workbookBytes(
  framework: Framework,
  options: {
    date: string | undefined;
    toolVersion: string;
    extraSheets?: readonly Sheet[] | undefined;
    /** The site the release is published on (the homepage row); default the framework's `baseUrl`. */
    baseUrl?: string | undefined;
  },
): Promise<Uint8Array> {
  const sheets = [...tablesFor(framework).map((t) => tableSheet(t, framework)), ...(options.extraSheets ?? [])];
  return await xlsxBytes(
    [...sheets, aboutSheet(framework, sheets, options.date, options.toolVersion, options.baseUrl ?? framework.meta.baseUrl)],
    {
      date: options.date,
      title: `${framework.meta.title} ${framework.meta.version}`,
    },
  );
}
