import { directorySource, loadFramework } from '@ccf/core/node';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './facts.js';

// Provenance is published (framework.json, CSV, CASE) and shown (the preview's "Provenance" line), so it must read
// as plain citations. The facts' internal labels and file names belong in ADR 0003, never in content/.
const PLACEHOLDERS: [RegExp, string][] = [
  [/\brepo[A-Z]\b/, 'a facts-internal label such as "repoA"'],
  [/ccf facts:/i, '"ccf facts:"'],
  [/\bFacts:/, '"Facts: …"'],
  [/\btest\/facts\//, 'a path into test/facts/'],
  [/\bper ccf facts\b/i, '"per ccf facts"'],
  [/Occupations derived \(not official\)/, 'the derived-occupations sentence (occupation provenance has its own fields)'],
];

/** Every published provenance string of a content folder, with where it is. */
async function provenanceStrings(dir: string): Promise<[string, string][]> {
  const { framework } = await loadFramework(directorySource(dir));
  const out: [string, string][] = [];
  const add = (where: string, p: { sources?: string[]; note?: string } | undefined): void => {
    for (const [i, s] of (p?.sources ?? []).entries()) out.push([`${where} provenance.sources[${i}]`, s]);
    if (p?.note) out.push([`${where} provenance.note`, p.note]);
  };
  add('framework.md', framework.meta.provenance);
  for (const g of framework.meta.groupings ?? []) add(`framework.md groupings ${g.id}`, g.provenance);
  for (const n of framework.nodes.values()) add(n.id, n.provenance);
  return out;
}

describe('published provenance is in plain words', () => {
  it('content/ has no placeholder-ish source or note (repoA, "ccf facts:", "Facts: …")', async () => {
    const strings = await provenanceStrings(`${repoRoot}content`);
    expect(strings.length).toBeGreaterThan(150);
    const found = strings.flatMap(([where, text]) => PLACEHOLDERS.filter(([re]) => re.test(text)).map(([, what]) => `${where}: ${what}`));
    expect(found).toEqual([]);
  });

  it('the check itself catches each placeholder', () => {
    for (const sample of ['repoA (third-party list)', 'ccf facts: test/facts/x.csv', 'Facts: VERIFIED (x)', 'see test/facts/a.csv'])
      expect(
        PLACEHOLDERS.some(([re]) => re.test(sample)),
        sample,
      ).toBe(true);
    for (const sample of ['Advance CTE, careertech.org/career-clusters/education', 'Name SECONDARY: independent third-party lists agree.'])
      expect(
        PLACEHOLDERS.some(([re]) => re.test(sample)),
        sample,
      ).toBe(false);
  });
});
