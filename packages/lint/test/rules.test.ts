import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { cases } from './cases.js';
import { baseFiles, load, loadOverlayFiles } from './helpers.js';

describe('the base fixture', () => {
  it('is clean, with and without --against', () => {
    expect(lint(load(baseFiles()))).toEqual([]);
    expect(lint(load(baseFiles()), { against: load(baseFiles()) })).toEqual([]);
  });
});

describe.each(Object.entries(cases))('%s', (ruleId, c) => {
  const against = c.against ? load(c.against, '@0.9.0') : undefined;
  // An overlay is linted as `ccf lint` lints one: its own diagnostics, no content rules.
  const subject = () => (c.overlay ? loadOverlayFiles(c.files, c.overlay) : load(c.files));
  const rules = c.overlay ? [] : undefined;
  const diagnostics = lint(subject(), against ? { against } : {}, rules);
  const mine = diagnostics.filter((d) => d.ruleId === ruleId);

  it('reports at the right places', () => {
    const places = mine.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      ...(c.expect.find((e) => e.file === d.file && e.line === d.line)?.endLine !== undefined
        ? { endLine: d.endLine, endColumn: d.endColumn }
        : {}),
    }));
    expect(places).toEqual(c.expect);
  });

  it('says what is wrong and what is expected, with a docs link', () => {
    for (const d of mine) {
      expect(d.message).toMatch(/^(Unexpected|Missing) /);
      expect(d.message).toMatch(/expected/);
      expect(d.url).toMatch(new RegExp(`/docs/rules/${ruleId}$`));
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('can be turned off and re-levelled in the config', () => {
    const off = lint(subject(), { rules: { [ruleId]: 'off' }, ...(against ? { against } : {}) }, rules);
    expect(off.filter((d) => d.ruleId === ruleId)).toEqual([]);
    const info = lint(subject(), { rules: { [ruleId]: 'info' }, ...(against ? { against } : {}) }, rules);
    expect(info.filter((d) => d.ruleId === ruleId).every((d) => d.severity === 'info')).toBe(true);
  });
});
