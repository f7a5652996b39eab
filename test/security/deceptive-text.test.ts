/**
 * Attack class: deceptive text. Titles, aliases and ids that look like something else: a zero-width joiner or a
 * Cyrillic letter makes a second `Accounting` that no reader can tell from the first, a right-to-left override
 * reverses what follows it, an ANSI escape rewrites the reviewer's terminal. Control (Cc) and format (Cf)
 * characters are refused where the value is written; titles are compared by their UTS #39 confusables skeleton;
 * terminal reporters show any such character escaped.
 */
import type { Diagnostic } from '@ccf/core';
import { directorySource, loadFramework } from '@ccf/core/node';
import { formatCompact, formatStylish, lint, report } from '@ccf/lint';
import { afterEach, describe, expect, it } from 'vitest';
import { contentFolder, RAW_CONTROL, subcluster } from './hostile.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function lintFiles(files: Record<string, string>): Promise<Diagnostic[]> {
  const folder = await contentFolder(files);
  cleanups.push(folder.cleanup);
  return lint(await loadFramework(directorySource(folder.dir)));
}

const at = (ds: Diagnostic[], ruleId: string) =>
  ds.filter((d) => d.ruleId === ruleId).map((d) => [d.file, d.line, d.column, d.endLine, d.endColumn]);

const PAYROLL = 'clusters/finance/payroll.md';
// `title: "…"` starts at line 3, column 8 in every sub-cluster file.
const titleAt = (title: string) => [PAYROLL, 3, 8, 3, 8 + JSON.stringify(title).length];

describe('invisible characters in a title are refused where they are written', () => {
  const variants: Record<string, string> = {
    'zero-width joiner': 'Acc\u200dounting',
    'zero-width space': 'Payroll\u200b',
    'RLO bidi override': 'Payroll \u202egnp.exe',
    'ANSI escape sequence': 'Payroll \u001b[2J\u001b[31m',
    tab: 'Pay\troll',
  };
  for (const [name, title] of Object.entries(variants))
    it(name, async () => {
      const d = await lintFiles({ [PAYROLL]: subcluster('payroll', title, 3) });
      expect(at(d, 'invalid-value')).toEqual([titleAt(title)]);
      const message = d.find((x) => x.ruleId === 'invalid-value')!.message;
      expect(message).toMatch(/^Unexpected invisible character U\+[0-9A-F]{4} in `title`, expected visible text$/);
    });
});

describe('invisible characters in an alias are refused where they are written', () => {
  it('RLO in an alias', async () => {
    const d = await lintFiles({ [PAYROLL]: subcluster('payroll', 'Payroll', 3, 'aliases:\n  - "Wages \\u202eexe"\n') });
    expect(at(d, 'invalid-value')).toEqual([[PAYROLL, 8, 5, 8, 22]]);
  });
  it('an ANSI escape in an alias', async () => {
    const d = await lintFiles({ [PAYROLL]: subcluster('payroll', 'Payroll', 3, 'aliases:\n  - "Wages \\e[31m"\n') });
    expect(at(d, 'invalid-value')).toEqual([[PAYROLL, 8, 5, 8, 19]]);
  });
});

describe('invisible characters in an id are refused', () => {
  it('a zero-width joiner or an RLO in a file name: id-format, and the file is not read', async () => {
    const zwj = 'clusters/finance/account\u200ding.md';
    const rlo = 'clusters/finance/\u202edm.gnitnuocca.md';
    const folder = await contentFolder({ [zwj]: subcluster('accounting', 'Accounting', 3), [rlo]: subcluster('x', 'X', 4) });
    cleanups.push(folder.cleanup);
    const result = await loadFramework(directorySource(folder.dir));
    expect(at(result.diagnostics, 'id-format')).toEqual([
      ['clusters/finance/account\u200ding.md', 1, 1, 1, 1],
      ['clusters/finance/\u202edm.gnitnuocca.md', 1, 1, 1, 1],
    ]);
    expect([...result.framework.nodes.keys()].filter((id) => id.includes('\u200d') || id.includes('\u202e'))).toEqual([]);
  });
});

describe('titles that look the same are the same title', () => {
  it('a Cyrillic homoglyph title next to the Latin one (title-unique-in-parent)', async () => {
    const title = '\u0410ccounting'; // Cyrillic capital A
    const d = await lintFiles({ [PAYROLL]: subcluster('payroll', title, 3) });
    expect(at(d, 'title-unique-in-parent')).toEqual([titleAt(title)]);
    expect(d.find((x) => x.ruleId === 'title-unique-in-parent')!.note).toContain('U+0410');
    // …while titles that only share words stay apart.
    const apart = await lintFiles({ [PAYROLL]: subcluster('payroll', 'Payroll & Accounting', 3) });
    expect(at(apart, 'title-unique-in-parent')).toEqual([]);
  });
  it('digits and compatibility forms that look like letters (title-unique-in-parent)', async () => {
    const title = 'Insur\uff41nce'; // fullwidth a, NFKC folds it
    const d = await lintFiles({ [PAYROLL]: subcluster('payroll', title, 3) });
    expect(at(d, 'title-unique-in-parent')).toEqual([titleAt(title)]);
    const zero = 'Acc0unting';
    const d0 = await lintFiles({ [PAYROLL]: subcluster('payroll', zero, 3) });
    expect(at(d0, 'title-unique-in-parent')).toEqual([titleAt(zero)]);
  });
  it('a Cyrillic alias that looks like another node\u2019s title (alias-conflict)', async () => {
    const d = await lintFiles({ [PAYROLL]: subcluster('payroll', 'Payroll', 3, 'aliases:\n  - "M\u0430rketing"\n') });
    expect(at(d, 'alias-conflict')).toEqual([[PAYROLL, 8, 5, 8, 16]]);
  });
});

describe('terminal reporters show control characters escaped', () => {
  const hostile: Diagnostic = {
    file: 'clusters/finance/\u001b]8;;https://evil.example\u0007x.md',
    line: 1,
    column: 1,
    ruleId: 'id-format',
    severity: 'error',
    message: 'Unexpected `\u001b[2J\u001b[31m` \u202eevil\rforged:1:1  error  all good',
    note: 'a\u001b[0m note',
    related: [{ file: 'x\u001b[1m.md', line: 1, column: 1, message: 'here\u202e' }],
  };
  it.each([
    ['compact', formatCompact],
    ['stylish', (d: Diagnostic[]) => formatStylish(d)],
    // The GitHub reporter is reached through `report`: it is not part of @ccf/lint's pinned surface.
    ['github', (d: Diagnostic[]) => report('github', d)],
  ] as const)('%s', (_name, format) => {
    const out = format([hostile]);
    // Line feeds are the reporter's own; nothing else invisible gets through.
    expect(out.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    expect(out).toContain('\\x1b[2J');
  });
});
