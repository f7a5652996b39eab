import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain Node script (tools/import/), typed by use here
import { lineageShares, renderSharesMarkdown } from '../tools/import/lineage-shares.mjs';
import { repoRoot } from './facts.js';

interface Share {
  subcluster: string;
  n: number;
  weighted: number;
}
interface Pathway {
  pathway: string;
  occupations: number;
  links: Share[];
  shares: Share[];
  contradicted: string[];
  missing: string[];
}
interface Report {
  pathways: Pathway[];
  problems: string[];
}

// ADR 0003, "Lineage re-examined": every pathway → sub-cluster decision in content/ (`derivedFrom`) is measured
// against the share of the pathway's O*NET occupations that the steward's 2024 crosswalk places in the sub-cluster.
describe("2002 → 2024 lineage against the steward's occupation links", () => {
  const report = lineageShares({ root: repoRoot }) as Report;

  it('reads every facts row: each O*NET link finds its pathway, each steward row its sub-cluster', () => {
    expect(report.problems).toEqual([]);
    expect(report.pathways).toHaveLength(79);
  });

  it('no decision in content/ is contradicted by the evidence, and no clear successor is missing', () => {
    const bad = report.pathways.flatMap((p) => [
      ...p.contradicted.map((s) => `${p.pathway} -> ${s}: none of ${p.occupations} placed there`),
      ...p.missing.map((s) => `${p.pathway} -> ${s}: missing successor`),
    ]);
    expect(bad).toEqual([]);
  });

  it('the ADR shows the table as recomputed from the facts and content/', () => {
    const adr = readFileSync(`${repoRoot}docs/decisions/0003-content-2024-lineage.md`, 'utf8');
    expect(adr).toContain(renderSharesMarkdown(report));
  });

  it('counts an occupation the steward lists only under an Employment Projections aggregate', () => {
    // Revenue & Taxation's appraisers (13-2022, 13-2023) are under the steward's 13-2020 in Real Estate.
    const p = report.pathways.find((x) => x.pathway === 'revenue-taxation')!;
    expect(p.shares.find((s) => s.subcluster === 'real-estate')).toMatchObject({ n: 2 });
  });
});
