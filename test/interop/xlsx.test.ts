import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { allSubclusters, type Framework } from '@ccf/core';
import { loadFramework, openSource } from '@ccf/core/node';
import { diffFrameworks, toCrosswalkTable, toWorklistTable } from '@ccf/diff';
import { buildRelease, tables, xlsxBytes, type Sheet } from '@ccf/publish';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../facts.js';

const run = promisify(execFile);
const work = await mkdtemp(join(tmpdir(), 'ccf-xlsx-'));
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * Every sheet of each workbook as LibreOffice reads it: converted headless, all in one run, to one UTF-8 CSV per
 * sheet (filter options: comma, double quote, UTF-8, raw values not as shown, no formulas, all sheets). A profile
 * of its own per run, so parallel runs do not share LibreOffice's lock.
 */
async function libreOffice(workbooks: Record<string, Uint8Array>): Promise<Map<string, Map<string, string[][]>>> {
  const dir = await mkdtemp(join(work, 'lo-'));
  const inputs: string[] = [];
  for (const [name, bytes] of Object.entries(workbooks)) {
    inputs.push(join(dir, `${name}.xlsx`));
    await writeFile(inputs.at(-1)!, bytes);
  }
  const soffice = await run('which', ['soffice']).then(
    (r) => r.stdout.trim(),
    () => {
      throw new Error('LibreOffice is not installed: apt-get install libreoffice-calc-nogui (.ci/run does)');
    },
  );
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      join(dir, 'out'),
      ...inputs,
    ],
    { timeout: 180_000 },
  );
  const read = new Map<string, Map<string, string[][]>>();
  for (const name of Object.keys(workbooks)) {
    const sheets = new Map<string, string[][]>();
    for (const out of (await readdir(join(dir, 'out'))).filter((f) => f.startsWith(`${name}-`)).sort())
      sheets.set(
        out.slice(name.length + 1, -4),
        parse(await readFile(join(dir, 'out', out), 'utf8'), { relax_column_count: true }) as string[][],
      );
    read.set(name, sheets);
  }
  return read;
}

/** How a cell written from `value` reads in LibreOffice's CSV: text exactly, numbers in full, booleans in capitals. */
function shown(value: Sheet['rows'][number][number]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** Cells that differ between what was written and what LibreOffice read, as `sheet!row:col written → read`. */
function changes(sheets: readonly Sheet[], read: Map<string, string[][]>): string[] {
  const out: string[] = [];
  expect([...read.keys()].sort()).toEqual(sheets.map((s) => s.name).sort());
  for (const sheet of sheets) {
    const got = read.get(sheet.name)!;
    const want = [sheet.columns.map(String), ...sheet.rows.map((r) => sheet.columns.map((_, i) => shown(r[i])))];
    expect(got.length, sheet.name).toBe(want.length);
    want.forEach((row, r) =>
      row.forEach((cell, c) => {
        const actual = got[r]?.[c] ?? '';
        if (actual !== cell) out.push(`${sheet.name}!${r + 1}:${c + 1} ${JSON.stringify(cell)} → ${JSON.stringify(actual)}`);
      }),
    );
  }
  return out;
}

describe('framework.xlsx and the crosswalk workbook, read back by LibreOffice', async () => {
  const from = (await loadFramework(openSource('@1.0.0', { repoRoot }))).framework;
  const to = (await loadFramework(openSource('@2.0.0', { repoRoot }))).framework;
  const cs = diffFrameworks(from, to);
  // The real 2.0.0 content, with titles a spreadsheet would mangle: formulas, non-ASCII, a code with leading zeros.
  const hostile: Framework = { ...to, clusters: to.clusters.map((c) => ({ ...c })) };
  Object.assign(hostile.clusters[0]!, { title: '=HYPERLINK("http://evil.test","click")' });
  Object.assign(hostile.clusters[1]!, { title: 'Café, “Œuvre” — 東京 👩‍🔧', aliases: ['+1', '-2', '@3', '0012'] });
  hostile.clusters[0]!.children = hostile.clusters[0]!.children.map((s, i) =>
    i === 0
      ? {
          ...s,
          cip: [
            { code: '01.0000', title: 'Agriculture, General' },
            { code: '09.0101', title: 'Speech Communication and Rhetoric' },
          ],
        }
      : s,
  );
  const crosswalk = toCrosswalkTable(cs);
  // Released content names the placeholder host of its time; publishing refuses it, so these builds name a real site.
  const options = { toolVersion: '0.0.0', extraSheets: [crosswalk], baseUrl: 'https://ccf.test/' };

  const builds = { real: await buildRelease(to, options), hostile: await buildRelease(hostile, options) };
  const crosswalkBytes = await xlsxBytes([crosswalk], { date: cs.to.date });
  // The worklist as `ccf crosswalk --format worklist-xlsx` writes it: lists stacked one per line in a cell.
  const occupationTitles = new Map(allSubclusters(to).flatMap((s) => s.soc.flatMap((o) => (o.title ? [[o.code, o.title] as const] : []))));
  const worklist = toWorklistTable(cs, { occupationTitles });
  const worklistBytes = await xlsxBytes([worklist], { date: cs.to.date });
  const read = await libreOffice({
    real: builds.real.get('framework.xlsx')!,
    hostile: builds.hostile.get('framework.xlsx')!,
    crosswalk: crosswalkBytes,
    worklist: worklistBytes,
  });

  it('writes codes as text: SOC, O*NET and CIP codes keep their leading zeros, 1:1 stays 1:1', () => {
    const real = read.get('real')!;
    expect(real.get('clusters')!.map((r) => r[2])).toContain('010100');
    expect(real.get('crosswalk')!.map((r) => r[9])).toContain('1:1');
    expect(real.get('occupations')!.some((r) => /^\d{2}-\d{4}\.\d{2}$/.test(r[2]!))).toBe(true);
    expect(read.get('hostile')!.get('subclusters')![1]![6]).toBe('01.0000; 09.0101');
  });

  for (const [name, framework] of [
    ['real', to],
    ['hostile', hostile],
  ] as const)
    it(`2.0.0 (${name} titles): every cell of every sheet reads back unchanged (0 changes), and matches the published CSVs`, () => {
      const files = builds[name];
      const sheets = read.get(name)!;
      // What was written: the tables as the CSVs publish them (minus the CSV's formula guard), the crosswalk, About.
      const written: Sheet[] = [];
      for (const t of tables) {
        const csv = parse(new TextDecoder().decode(files.get(t.path))) as string[][];
        const types = t.columns.map((c) => c.type);
        written.push({
          name: t.name,
          columns: csv[0]!,
          rows: csv
            .slice(1)
            .map((row) =>
              row.map((v, i) =>
                v === ''
                  ? null
                  : types[i] === 'integer'
                    ? Number(v)
                    : types[i] === 'boolean'
                      ? v === 'true'
                      : v.replace(/^'(?=[=+\-@\t\r])/, ''),
              ),
            ),
        });
      }
      const about = sheets.get('About')!;
      written.push(crosswalk, { name: 'About', columns: ['field', 'value'], rows: about.slice(1) });
      expect(changes(written, sheets)).toEqual([]);
      expect(Object.fromEntries(about.slice(1).map(([k, v]) => [k, v]))).toMatchObject({
        license: framework.meta.license,
        attribution: framework.meta.attribution,
        version: framework.meta.version,
      });
      if (framework === hostile) {
        expect(sheets.get('clusters')![1]![1]).toBe('=HYPERLINK("http://evil.test","click")');
        expect(sheets.get('clusters')![2]![1]).toBe('Café, “Œuvre” — 東京 👩‍🔧');
      }
    });

  it('ccf crosswalk --format xlsx: the one sheet reads back unchanged', () => {
    expect(changes([crosswalk], read.get('crosswalk')!)).toEqual([]);
  });

  it('ccf crosswalk --format worklist-xlsx: the worklist sheet reads back unchanged, multi-line cells included', () => {
    // The 2002 → 2024 worklist has splits, whose parts are several lines in one cell: the case a reader could break.
    expect(worklist.rows.some((r) => r[worklist.columns.indexOf('parts')]?.includes('\n'))).toBe(true);
    expect(changes([worklist], read.get('worklist')!)).toEqual([]);
  });

  it('is byte-reproducible: another build at another time and in another time zone gives the same bytes', async () => {
    const a = await buildRelease(to, options);
    vi.useFakeTimers({ toFake: ['Date'] });
    const tz = process.env.TZ;
    try {
      vi.setSystemTime(new Date('2031-05-06T07:08:09Z'));
      process.env.TZ = 'Pacific/Kiritimati';
      const b = await buildRelease(to, options);
      expect(Buffer.from(b.get('framework.xlsx')!).equals(Buffer.from(a.get('framework.xlsx')!))).toBe(true);
      expect(Buffer.from(b.get('manifest.json')!).equals(Buffer.from(a.get('manifest.json')!))).toBe(true);
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    // The dates inside are the source commit's, never the clock's: the workbook's properties and every zip entry.
    const date = to.source.date!;
    const zip = await JSZip.loadAsync(a.get('framework.xlsx')!);
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString().replace('.000Z', 'Z'), entry.name).toBe(date);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>`);
  });
});
