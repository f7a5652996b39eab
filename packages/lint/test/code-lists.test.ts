import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { baseFiles, edit, load } from './helpers.js';

// soc-format and cip-format look a well-formed code up in the bundled lists (O*NET-SOC 2019, SOC 2018 and the
// steward's Employment Projections groupings; NCES CIP 2020 with its moved and deleted codes).
const A = 'clusters/finance/accounting.md';
const withLinks = (soc: string, cip = ''): ReturnType<typeof baseFiles> =>
  edit(baseFiles(), A, 'soc:\n  - code: "13-2011.00"\n    title: Accountants and Auditors\n', `${soc}${cip}`);
const found = (files: ReturnType<typeof baseFiles>, ruleId: string) =>
  lint(load(files))
    .filter((d) => d.ruleId === ruleId)
    .map((d) => ({ line: d.line, column: d.column, message: d.message, note: d.note }));

describe('cip-format against the NCES CIP 2020 list', () => {
  it('accepts valid CIP 2020 codes', () => {
    expect(found(withLinks('', 'cip:\n  - code: "52.0301"\n    title: Accounting.\n  - code: "15.1703"\n'), 'cip-format')).toEqual([]);
  });

  it('refuses a code NCES moved, naming the code it moved to', () => {
    const [d, ...rest] = found(withLinks('', 'cip:\n  - code: "52.0301"\n  - code: "15.0505"\n'), 'cip-format');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: 9, column: 11 });
    expect(d!.message).toBe('Unexpected CIP code `15.0505` (Solar Energy Technology/Technician.), moved in CIP 2020, expected `15.1703`');
    expect(d!.note).toContain('`15.1703`');
  });

  it('refuses a code NCES deleted, naming where NCES reports it', () => {
    expect(found(withLinks('', 'cip:\n  - code: "60.0406"\n'), 'cip-format')).toEqual([
      expect.objectContaining({
        line: 8,
        column: 11,
        message: expect.stringMatching(/`60\.0406`.*deleted in CIP 2020, expected `61\.0903`$/),
      }),
    ]);
  });

  it('refuses a well-formed code that is not in the list', () => {
    expect(found(withLinks('', 'cip:\n  - code: "52.9998"\n'), 'cip-format')).toEqual([
      expect.objectContaining({ line: 8, column: 11, message: 'Unexpected CIP code `52.9998`, expected a code of the NCES CIP 2020 list' }),
    ]);
  });
});

describe('soc-format against SOC 2018 and O*NET-SOC 2019', () => {
  it('accepts SOC 2018 detailed codes, O*NET-SOC codes and a flagged Employment Projections grouping', () => {
    const soc = 'soc:\n  - code: "13-2011"\n  - code: "15-1211.01"\n  - code: "13-1020"\n    epGrouping: true\n';
    expect(found(withLinks(soc), 'soc-format')).toEqual([]);
    expect(found(withLinks(soc), 'invalid-value')).toEqual([]);
  });

  it('refuses a code in neither list', () => {
    expect(found(withLinks('soc:\n  - code: "13-2019"\n  - code: "13-2011.07"\n'), 'soc-format')).toEqual([
      expect.objectContaining({ line: 8, column: 11, message: 'Unexpected SOC code `13-2019`, expected a SOC 2018 detailed occupation' }),
      expect.objectContaining({
        line: 9,
        column: 11,
        message: 'Unexpected O*NET-SOC code `13-2011.07`, expected an occupation of O*NET-SOC 2019',
        note: expect.stringContaining('`13-2011.00`'),
      }),
    ]);
  });

  it('wants the flag on an Employment Projections grouping, and on nothing else', () => {
    expect(found(withLinks('soc:\n  - code: "13-1020"\n  - code: "13-2011"\n    epGrouping: true\n'), 'soc-format')).toEqual([
      expect.objectContaining({
        line: 8,
        column: 11,
        message: expect.stringMatching(/^Unexpected SOC code `13-1020` without `epGrouping: true`/),
      }),
      expect.objectContaining({
        line: 9,
        column: 11,
        message: expect.stringMatching(/^Unexpected `epGrouping: true` on SOC code `13-2011`/),
      }),
    ]);
  });
});
