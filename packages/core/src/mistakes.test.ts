import { describe, expect, it } from 'vitest';
import { mistakes } from './mistakes.js';
import { parseFile } from './parse.js';

const file = (frontmatter: string): string =>
  `---\n${frontmatter}---\n\nCareers in keeping and checking the financial records of people and organizations.\n`;

describe('the mistake catalogue', () => {
  it('has at least 25 entries with unique ids', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(25);
    expect(new Set(mistakes.map((m) => m.id)).size).toBe(mistakes.length);
  });

  it.each(mistakes.map((m) => [m.id, m] as const))('%s: the example gets one message, at the mistake; the fix reads clean', (_, m) => {
    const bad = parseFile('clusters/finance/accounting.md', file(m.example), 'subcluster').diagnostics;
    const at = m.at!;
    expect(bad.map((d) => ({ line: d.line, column: d.column, ruleId: d.ruleId, severity: d.severity }))).toEqual([
      { ...at, ruleId: m.ruleId, severity: m.severity },
    ]);
    expect(bad[0]!.note, 'every message says what to type instead').toBeTruthy();
    // The hint quotes a line of the fix: the editor is told what to type.
    const changed = m.fixed.split('\n').filter((l) => !m.example.split('\n').includes(l));
    if (m.message)
      expect(
        changed.some((l) => bad[0]!.note!.includes(l.trim())),
        `${bad[0]!.note} quotes one of ${changed.join(' | ')}`,
      ).toBe(true);
    expect(parseFile('clusters/finance/accounting.md', file(m.fixed), 'subcluster').diagnostics).toEqual([]);
  });
});
