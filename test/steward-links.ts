import type { Framework, SubclusterNode } from '@ccf/core';
import { allSubclusters } from '@ccf/core';
import { expect } from 'vitest';
import { facts } from './facts.js';

/** The 12 codes the facts README names as BLS Employment Projections groupings, not SOC 2018 detailed codes. */
const EP_GROUPINGS = [
  '13-1020',
  '13-2020',
  '21-1018',
  '25-2052',
  '25-9045',
  '29-2010',
  '31-1120',
  '39-7010',
  '47-4090',
  '51-2028',
  '51-2090',
  '53-1047',
];
const PROVENANCE = {
  source: 'advance-cte-crosswalk',
  note: "copy of the steward's workbook, no licence stated: links used as facts with credit",
};

/** Names as the steward's workbooks write them, compared with ours: Oxford commas, one lower-case row. */
const norm = (s: string): string => s.replace(/,\s*&/g, ' &').replace(/\s+/g, ' ').trim().toLowerCase();
const sortedSet = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Checks a 2024 framework carries the steward's own links, recomputed from the facts (not from the script that
 * wrote them): for each of the 71 sub-clusters the workbooks cover, the SOC, CIP and NAICS codes equal the steward's
 * (CIP's `99.9999` "NO MATCH" placeholder dropped), titles come from O*NET and NCES, every CIP code is valid in CIP
 * 2020, Employment Projections groupings are flagged, and each list says where it comes from. The 72nd
 * sub-cluster, which the workbooks omit, has no links and says so.
 */
export function expectStewardLinks(framework: Framework): void {
  const soc = facts('advancecte-soc-subclusters.csv');
  const cip = facts('advancecte-cip-subclusters.csv');
  const naics = facts('advancecte-naics-subclusters.csv');
  const onet = new Map(facts('onet-occupation-data.csv').map((r) => [r['O*NET-SOC Code']!, r.Title!]));
  const cipList = new Map(facts('cip2020-codes.csv').map((r) => [r.CIPCode!, r]));

  const subs = new Map<string, SubclusterNode>();
  for (const c of framework.clusters)
    for (const s of c.children) for (const t of [s.title, ...s.aliases]) subs.set(`${norm(c.title)}|${norm(t)}`, s);
  const node = (r: Record<string, string>): SubclusterNode => {
    const s = subs.get(`${norm(r['Career Cluster']!)}|${norm(r['Sub-Cluster']!)}`);
    expect(s, `${r['Career Cluster']} / ${r['Sub-Cluster']}`).toBeDefined();
    return s!;
  };
  const want = new Map<string, { soc: string[]; cip: string[]; naics: string[] }>();
  const at = (s: SubclusterNode) => want.get(s.id) ?? want.set(s.id, { soc: [], cip: [], naics: [] }).get(s.id)!;
  for (const r of soc) at(node(r)).soc.push(r['SOC Code']!);
  for (const r of cip) if (r['CIP Code (2020)'] !== '99.9999') at(node(r)).cip.push(r['CIP Code (2020)']!);
  for (const r of naics) at(node(r)).naics.push(r['2-Digit NAICS']!);
  expect(want.size).toBe(71);

  let links = 0;
  for (const s of allSubclusters(framework)) {
    const w = want.get(s.id);
    if (!w) {
      expect(s.title, 'the only sub-cluster the steward omits').toBe('Unmanned Vehicle Technology');
      expect([s.soc, s.cip, s.naics]).toEqual([[], [], []]);
      for (const list of ['soc', 'cip', 'naics'] as const)
        expect(s.linkProvenance?.[list], s.id).toMatchObject({ source: PROVENANCE.source, listed: false });
      continue;
    }
    expect(
      s.soc.map((l) => l.code),
      `${s.id} soc`,
    ).toEqual(sortedSet(w.soc));
    expect(
      s.cip.map((l) => l.code),
      `${s.id} cip`,
    ).toEqual(sortedSet(w.cip));
    expect(
      s.naics.map((l) => l.code),
      `${s.id} naics`,
    ).toEqual(sortedSet(w.naics));
    links += s.soc.length;
    for (const l of s.soc) {
      if (EP_GROUPINGS.includes(l.code)) expect(l, s.id).toMatchObject({ epGrouping: true });
      else expect(l, s.id).toEqual({ code: l.code, title: onet.get(`${l.code}.00`) });
    }
    for (const l of s.cip) {
      const row = cipList.get(l.code);
      expect(row && !['Moved from', 'Deleted'].includes(row.Action!), `${s.id}: ${l.code} valid in CIP 2020`).toBe(true);
      expect(l.title, `${s.id}: ${l.code}`).toBe(row!.CIPTitle);
    }
    for (const list of ['soc', 'cip', 'naics'] as const) {
      expect(s.linkProvenance?.[list], `${s.id} ${list}`).toMatchObject(PROVENANCE);
      expect(s.linkProvenance?.[list]?.date, `${s.id} ${list}`).toBe(list === 'naics' ? '2025-06-26' : '2025-09-02');
      expect(s.linkProvenance?.[list]?.listed, `${s.id} ${list}`).toBeUndefined();
    }
    // The derived links are gone, not kept beside the steward's (ADR 0014).
    expect(s.provenance.occupations, s.id).toBeUndefined();
  }
  expect(links).toBe(soc.length);
  expect(sortedSet(soc.map((r) => r['SOC Code']!).filter((c) => !onet.has(`${c}.00`)))).toEqual(EP_GROUPINGS);
}
