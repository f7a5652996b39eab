import type { Framework } from '@ccf/core';
import type { Table } from './tables.js';
import { tablesFor } from './tables.js';
import { WORKBOOK } from './workbook.js';

/** The media type of an .xlsx workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file as written (a CSV, the workbook), for its resource entry. */
export interface WrittenCsv {
  bytes: number;
  sha256: string;
}

const NEUTRALISED =
  "A text cell that would start with =, +, -, @, tab or carriage return is written with a leading ' so that spreadsheets do not run it as a formula; framework.json has the exact value.";

function tableSchema<Row>(table: Table<Row>): Record<string, unknown> {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
    fields: table.columns.map((c) => {
      const constraints = {
        ...(c.required ? { required: true } : {}),
        ...(c.unique ? { unique: true } : {}),
        ...(c.pattern ? { pattern: c.pattern } : {}),
      };
      return {
        name: c.name,
        // A list cell is `a; b`, not a JSON array (Frictionless `array`). Frictionless v2's `list` type names a
        // delimiter but has no way to write an item that holds it, and the v2 profile has no `list` field: so a
        // string, whose description says how to split it. Empty means no items, not a missing value.
        type: c.type === 'list' ? 'string' : c.type,
        description: c.description,
        ...(c.type === 'list' ? { missingValues: [] } : {}),
        ...(c.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
        ...(Object.keys(constraints).length ? { constraints } : {}),
      };
    }),
    missingValues: [''],
    primaryKey: table.primaryKey,
    ...(table.foreignKeys ? { foreignKeys: table.foreignKeys } : {}),
  };
}

/** The Frictionless Data Package v2 descriptor of the CSV files. */
export function toDatapackage(
  framework: Framework,
  csv: Map<string, WrittenCsv>,
  options: { date: string | undefined; excel: boolean; baseUrl: string; sheets?: readonly string[] },
): Record<string, unknown> {
  const workbook = csv.get(WORKBOOK);
  const m = framework.meta;
  const license = /\b(?:CC-BY(?:-SA)?-\d\.\d|CC0-1\.0|ODC-BY-1\.0|PDDL-1\.0)\b/.exec(m.license)?.[0];
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: m.id,
    title: m.title,
    // "Licence" (British) is in the published datapackage.json of releases 1.0.0 and 2.0.0: keep the bytes.
    description: `${m.title}, ${m.edition} edition, as CSV tables. Licence: ${m.license} Attribution: ${m.attribution}`,
    version: m.version,
    ...(options.date ? { created: options.date } : {}),
    homepage: options.baseUrl,
    ...(license ? { licenses: [{ name: license, title: m.license }] } : {}),
    contributors: [{ title: m.publisher, roles: ['publisher'] }],
    resources: [
      ...tablesFor(framework).map((table) => {
        const written = csv.get(table.path);
        return {
          name: table.name,
          type: 'table',
          path: table.path,
          scheme: 'file',
          format: 'csv',
          mediatype: 'text/csv',
          encoding: 'utf-8',
          ...(written ? { bytes: written.bytes, hash: `sha256:${written.sha256}` } : {}),
          title: table.title,
          description: `${table.description} ${NEUTRALISED}${options.excel ? ' The file starts with a UTF-8 byte order mark for Excel.' : ''}`,
          dialect: {
            $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json',
            header: true,
            delimiter: ',',
            lineTerminator: '\r\n',
            quoteChar: '"',
            doubleQuote: true,
          },
          schema: tableSchema(table as Table<unknown>),
        };
      }),
      ...(workbook
        ? [
            {
              name: 'workbook',
              path: WORKBOOK,
              scheme: 'file',
              format: 'xlsx',
              mediatype: XLSX_TYPE,
              bytes: workbook.bytes,
              hash: `sha256:${workbook.sha256}`,
              title: 'Workbook',
              description: `The tables above as sheets of one workbook (${[...tablesFor(framework).map((t) => t.name), ...(options.sheets ?? []), 'About'].join(', ')}), for spreadsheet users: codes are text cells, the header row is frozen and filtered, and the About sheet holds the license and attribution. Text is exact (no leading ').`,
            },
          ]
        : []),
    ],
  };
}
