import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Framework } from '@ccf/core';
import { loadFramework, openSource } from '@ccf/core/node';
import { buildRelease, tables } from '@ccf/publish';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../facts.js';

// The published CSVs opened in LibreOffice Calc and saved again as CSV: every list cell (`a; b`, items quoted when
// they hold `;` or `"`) comes back as it was written, and splits back into the framework's list. Codes with leading
// zeros are a CSV limitation Calc shares with Excel (it reads `010100` as a number); framework.xlsx keeps them.

const run = promisify(execFile);
const work = await mkdtemp(join(tmpdir(), 'ccf-csv-lo-'));
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A list cell split the way its column description says: `;` between items, the space after it ignored, quotes as in CSV. */
const split = (text: string): string[] => (text ? ((parse(text, { delimiter: ';', ltrim: true }) as string[][])[0] ?? []) : []);

/** Each CSV as Calc reads it and writes it back: comma, double quote, UTF-8; quoted fields as text; formulas not run. */
async function throughCalc(files: Record<string, Uint8Array>): Promise<Map<string, string[][]>> {
  const dir = await mkdtemp(join(work, 'lo-'));
  const inputs: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    inputs.push(join(dir, name));
    await writeFile(inputs.at(-1)!, bytes);
  }
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--infilter=CSV:44,34,76,1,,0,true,false,,,,,false',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false',
      '--outdir',
      join(dir, 'out'),
      ...inputs,
    ],
    { timeout: 180_000 },
  );
  const out = new Map<string, string[][]>();
  for (const name of Object.keys(files))
    out.set(name, parse(await readFile(join(dir, 'out', name), 'utf8'), { relax_column_count: true }) as string[][]);
  return out;
}

describe('published CSV list cells, round-tripped through LibreOffice', async () => {
  const to = (await loadFramework(openSource('@2.0.0', { repoRoot }))).framework;
  // Lists a plain join would break: an item with the separator, quotes, a formula first, a code with leading zeros.
  const hostile: Framework = { ...to, clusters: to.clusters.map((c) => ({ ...c })) };
  Object.assign(hostile.clusters[0]!, { aliases: ['=HYPERLINK("http://evil.test","click")', '-minus, with comma'] });
  Object.assign(hostile.clusters[1]!, { aliases: ['Banking; Credit', 'the "new" one', 'Café 東京'] });
  Object.assign(hostile.clusters[2]!, { aliases: ['+1', '0012'] });
  const files = await buildRelease(hostile, { toolVersion: '0.0.0', baseUrl: 'https://ccf.test/' });
  const csvs = Object.fromEntries(tables.map((t) => [t.path, files.get(t.path)!]));
  const read = await throughCalc(csvs);

  it('keeps every list cell of every table as written', () => {
    let listCells = 0;
    for (const t of tables) {
      const written = parse(new TextDecoder().decode(csvs[t.path])) as string[][];
      const back = read.get(t.path)!;
      expect(back.length, t.path).toBe(written.length);
      t.columns.forEach((c, i) => {
        if (c.type !== 'list') return;
        for (let r = 1; r < written.length; r++) {
          listCells++;
          expect(back[r]![i] ?? '', `${t.path} row ${r} ${c.name}`).toBe(written[r]![i]);
        }
      });
    }
    expect(listCells).toBeGreaterThan(100);
  });

  it('reads back the hostile lists item for item, the formula guard and all', () => {
    const clusters = read.get('clusters.csv')!;
    const col = clusters[0]!.indexOf('aliases');
    expect(clusters[1]![col]).toBe('"=HYPERLINK(""http://evil.test"",""click"")"; -minus, with comma');
    expect(split(clusters[1]![col]!)).toEqual(hostile.clusters[0]!.aliases);
    expect(split(clusters[2]![col]!)).toEqual(['Banking; Credit', 'the "new" one', 'Café 東京']);
    // The cell starts a formula: the `'` guard stays, as text, and nothing ran.
    expect(clusters[3]![col]).toBe("'+1; 0012");
    // Lineage ids, as a reviewer reads them: `a; b`.
    const subs = read.get('subclusters.csv')!;
    const derived = subs[0]!.indexOf('derived_from');
    expect(subs.slice(1).some((r) => /^[a-z0-9-]+; [a-z0-9-]+$/.test(r[derived]!))).toBe(true);
  });
});
