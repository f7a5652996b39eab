import { PublishError } from './errors.js';

/** A cell's value: text stays text (codes keep their leading zeros), numbers and booleans are typed, empty is none. */
export type SheetCell = string | number | boolean | null | undefined;

/** One worksheet: a header row of column names, then one row per record. */
export interface Sheet {
  /** The sheet's tab name (Excel allows 31 characters, none of `\ / ? * [ ] :`). */
  name: string;
  columns: readonly string[];
  rows: readonly (readonly SheetCell[])[];
  /** What a row is, for the About sheet and the data package. */
  description?: string;
  /** A key/value sheet (the About sheet): no filter, wrapped values. */
  notes?: boolean;
}

export interface XlsxOptions {
  /** The source date (ISO 8601, UTC): the workbook's created and modified dates and every zip entry's time. */
  date?: string | undefined;
  /** The workbook's title property. */
  title?: string;
}

// Excel's limit for one cell; a longer text would be cut by Excel and refused by some readers.
const MAX_CELL = 32_767;
// DOS time, which zip entries carry, starts in 1980: an undated workbook gets that date rather than a wrapped year.
const ZIP_EPOCH = Date.UTC(1980, 0, 1);
const BAD_SHEET_NAME = /[\\/?*[\]:]|^'|'$/;

/** Column width in characters: the longest value (by code points), within bounds that keep a sheet readable. */
function width(sheet: Sheet, col: number): number {
  let longest = [...sheet.columns[col]!].length;
  for (const row of sheet.rows) {
    const v = row[col];
    if (v !== null && v !== undefined) longest = Math.max(longest, [...String(v)].length);
  }
  return Math.min(Math.max(longest + 2, 8), sheet.notes ? 100 : 60);
}

/**
 * The sheets as an .xlsx workbook (Office Open XML, written by exceljs), byte for byte the same for the same
 * input: the workbook's created/modified properties and the zip entries' timestamps come from `date`, never the
 * clock. Every text cell is a string cell formatted as Text (`@`), so a spreadsheet neither reads a code such as
 * `011000` or `1:1` as a number or a time nor runs a title starting with `=` as a formula; the header row is
 * frozen and filtered.
 */
export async function xlsxBytes(sheets: readonly Sheet[], options: XlsxOptions = {}): Promise<Uint8Array> {
  // Loaded on first use: exceljs takes longer to load than most ccf commands take to run.
  const [{ default: ExcelJS }, { default: JSZip }] = await Promise.all([import('exceljs'), import('jszip')]);
  const at = options.date !== undefined ? new Date(options.date) : new Date(0);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ccf';
  wb.lastModifiedBy = 'ccf';
  wb.created = at;
  wb.modified = at;
  if (options.title !== undefined) wb.title = options.title;

  for (const sheet of sheets) {
    if (sheet.name.length > 31 || sheet.name === '' || BAD_SHEET_NAME.test(sheet.name))
      throw new PublishError(
        'PUBLISH_BAD_FILE_NAME',
        `Unexpected sheet name \`${sheet.name}\`, expected 1 to 31 characters without \\ / ? * [ ] :`,
      );
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }] });
    ws.columns = sheet.columns.map((header, i) => ({
      header,
      key: String(i),
      width: width(sheet, i),
      ...(sheet.notes && i > 0 ? { style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    sheet.rows.forEach((row, r) => {
      const line = ws.getRow(r + 2);
      row.forEach((value, c) => {
        if (value === null || value === undefined || value === '') return;
        if (typeof value === 'string' && value.length > MAX_CELL)
          throw new PublishError(
            'PUBLISH_CELL_TOO_LONG',
            `Unexpected ${value.length}-character value in sheet ${sheet.name}, row ${r + 2}, column ${sheet.columns[c]}: a spreadsheet cell holds at most ${MAX_CELL}`,
            { hint: 'Shorten the text in the content file it comes from.' },
          );
        const cell = line.getCell(c + 1);
        cell.value = value;
        if (typeof value === 'string') cell.numFmt = '@';
      });
    });
    if (!sheet.notes && sheet.columns.length > 0)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, sheet.rows.length + 1), column: sheet.columns.length } };
  }

  const written = await wb.xlsx.writeBuffer();
  // exceljs stamps every zip entry with the clock: rewrite the entries with the source date (JSZip writes UTC).
  const zip = await JSZip.loadAsync(written);
  const when = new Date(Math.max(at.getTime(), ZIP_EPOCH));
  for (const entry of Object.values(zip.files)) entry.date = when;
  return new Uint8Array(
    await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' }),
  );
}
