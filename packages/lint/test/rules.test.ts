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

describe('no-empty-occupations', () => {
  const empty = cases['no-empty-occupations']!.files;
  const M = 'clusters/marketing/merchandising.md';

  it('stays quiet for a node that says why it has no occupations (`noOccupations`)', () => {
    const files = { ...empty, [M]: (empty[M] as string).replace('order: 1\n', 'order: 1\nnoOccupations: "The source lists none."\n') };
    expect(lint(load(files))).toEqual([]);
  });

  it('still answers to its earlier id in a config (`no-empty-pathway-occupations`)', () => {
    const found = lint(load(empty), { rules: { 'no-empty-pathway-occupations': 'error' } });
    expect(found.map((d) => [d.ruleId, d.severity])).toEqual([['no-empty-occupations', 'error']]);
    expect(lint(load(empty), { rules: { 'no-empty-pathway-occupations': 'off' } })).toEqual([]);
  });
});

describe('derived-from-resolves without --against', () => {
  const A = 'clusters/finance/accounting.md';
  const withLineage = (ids: string): ReturnType<typeof baseFiles> => {
    const base = baseFiles();
    return { ...base, [A]: (base[A] as string).replace('order: 1\n', `order: 1\nderivedFrom: [${ids}]\n`) };
  };
  const release = baseFiles();
  release['clusters/finance/banking.md'] = (release[A] as string).replace('id: accounting', 'id: banking').replace('order: 1', 'order: 3');
  const releases = [load(release, '@0.9.0').framework];

  it('resolves an id of any release, with no --against', () => {
    expect(lint(load(withLineage('banking')), { releases })).toEqual([]);
    // An --against version without that id adds its own checks, not false errors about ids other releases have.
    const against = load(baseFiles(), '@0.9.1');
    expect(lint(load(withLineage('banking')), { releases, against }).filter((d) => d.ruleId === 'derived-from-resolves')).toEqual([]);
  });

  it('reports a typo with a did-you-mean, with no --against', () => {
    const found = lint(load(withLineage('bankng')), { releases }).filter((d) => d.ruleId === 'derived-from-resolves');
    expect(found.map((d) => [d.file, d.line, d.severity, d.note])).toEqual([[A, 5, 'error', 'Did you mean `banking`?']]);
  });

  it('lets lineage a release already published for the same node stand; a new unknown id is still an error', () => {
    // A first release may name predecessors no release here holds (an edition kept elsewhere).
    const published = [load(withLineage('old-ledger'), '@1.0.0').framework];
    expect(lint(load(withLineage('old-ledger')), { releases: published }).filter((d) => d.ruleId === 'derived-from-resolves')).toEqual([]);
    const found = lint(load(withLineage('old-ledger, old-books')), { releases: published }).filter(
      (d) => d.ruleId === 'derived-from-resolves',
    );
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining('`old-books`')]);
  });
});

describe('link-resolves', () => {
  it('never suggests the file the link is written in', () => {
    const base = baseFiles();
    const I = 'clusters/finance/insurance.md';
    // `insurances.md` is closest to the file itself; the next best is a sibling.
    const files = { ...base, [I]: (base[I] as string).replace('(accounting.md)', '(insurances.md)') };
    const found = lint(load(files)).filter((d) => d.ruleId === 'link-resolves');
    expect(found).toHaveLength(1);
    expect(found[0]!.note).not.toContain('`insurance.md`');
    expect(found[0]!.note).toMatch(/Did you mean `[^`]+`\?/);
  });
});
