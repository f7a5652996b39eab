/**
 * The mistakes editors make in frontmatter, one fixture file each (`fixtures/mistakes/<name>.md`, laid over a small
 * valid framework as `clusters/finance/accounting.md`), with the report ccf prints for it: the default (compact)
 * output in `<name>.txt`, the JSON output in `<name>.json`. `UPDATE_GOLDEN=1` rewrites the reports.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCompact, lint } from '../src/index.js';
import { formatJson } from '../src/reporters/json.js';
import { baseFiles, load } from './helpers.js';

const dir = new URL('./fixtures/mistakes/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();
const A = 'clusters/finance/accounting.md';

/** Mistakes ccf reads as the editor meant (a BOM): the report is clean. */
const readAsMeant = new Set(['windows-bom']);

function golden(name: string, text: string): string {
  const file = new URL(name, dir);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  return readFileSync(file, 'utf8');
}

describe('the mistakes an editor makes', () => {
  it('number at least 25', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it.each(names)('%s: one message, with a hint, in the default and the JSON report as the goldens show', (name) => {
    const diagnostics = lint(load(baseFiles({ [A]: readFileSync(new URL(`${name}.md`, dir)) })));
    const compact = formatCompact(diagnostics);
    const json = formatJson(diagnostics);
    expect(compact).toBe(golden(`${name}.txt`, compact));
    expect(json).toBe(golden(`${name}.json`, json));
    // One mistake is one message (not the same mistake twice, on the line above), and it says what to do.
    expect(diagnostics).toHaveLength(readAsMeant.has(name) ? 0 : 1);
    for (const d of diagnostics) {
      expect(d.file).toBe(A);
      expect(d.note).toBeTruthy();
      expect(compact).toContain(`\n  hint: `);
      expect(JSON.parse(json)[0].note).toBe(d.note);
    }
  });
});
