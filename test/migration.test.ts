import { readFileSync } from 'node:fs';
import { allSubclusters } from '@ccf/core';
import { loadFramework, openSource } from '@ccf/core/node';
import { CROSSWALK_COLUMNS, diffFrameworks, renderChangeSetMarkdown, toWorklist, type CrosswalkRow } from '@ccf/diff';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { facts, repoRoot } from './facts.js';

// The 2002 → 2024 migration as ccf publishes it: every old pathway goes somewhere, and the
// cluster-level relations the steward has published (VERIFIED in the facts) come out right.
describe('1.0.0 → 2.0.0 crosswalk', async () => {
  const from = (await loadFramework(openSource('@1.0.0', { repoRoot }))).framework;
  const to = (await loadFramework(openSource('@2.0.0', { repoRoot }))).framework;
  const cs = diffFrameworks(from, to);
  const rows = cs.crosswalk;
  const id = (title: string, fw: typeof from): string => [...fw.nodes.values()].find((n) => n.title === title && n.type === 'cluster')!.id;

  it('needs a major release', () => {
    expect(cs.bump).toBe('major');
  });

  it('reports it so a state can read it: versions by number, plain text, each relationship once, within a comment', () => {
    const report = renderChangeSetMarkdown({ ...cs, to: { ...cs.to, label: 'content' } }, { maxChars: 65_000 });
    expect(report.length).toBeLessThanOrEqual(65_000);
    expect(report).toMatch(
      /^From version \*\*1\.0\.0\*\* \(commit `[0-9a-f]{10}`\) to version \*\*2\.0\.0\*\* \(`content`, commit `[0-9a-f]{10}`\)\.$/m,
    );
    expect(report).not.toContain('&amp;');
    expect(report).not.toContain('\u200b');
    // The steward's two VERIFIED merges read as merges, once each, with where the rest of a partial one went.
    const merges = report.split('\n').filter((l) => l.includes('are merged into **Public Service & Safety**'));
    expect(merges).toHaveLength(1);
    expect(merges[0]).toContain(
      '**Government & Public Administration** (`government-public-administration`) (86%; the rest to **Management & Entrepreneurship**',
    );
    expect(report.split('\n').filter((l) => l.includes('are merged into **Healthcare & Human Services**'))).toHaveLength(1);
    expect(report).not.toMatch(/Government & Public Administration\*\* \(`government-public-administration`\) is split/);
    // A merged node shows what it is: its definition and its occupations, folded.
    expect(report).toMatch(/are merged into \*\*Physical Health\*\*[^\n]*\n\n {2}<details><summary>Definition and occupations<\/summary>/);
    // Clusters come in framework order (14 clusters of 2.0.0, alphabetical), whatever their changes' kinds.
    const headings = [
      ...report
        .split('### Breaking changes')[1]!
        .split('<details>')[0]!
        .matchAll(/^#### (.+)$/gm),
    ].map((m) => m[1]);
    expect(headings).toEqual(to.clusters.map((c) => c.title).filter((t) => headings.includes(t)));
  });

  it('leaves releases/2.0.0 as published (crosswalk format 1): same mappings, the new columns only in new output', () => {
    const committed = readFileSync(`${repoRoot}releases/2.0.0/crosswalk.csv`, 'utf8');
    const header = committed.split('\r\n')[0]!.split(',');
    expect(CROSSWALK_COLUMNS.slice(0, header.length)).toEqual(header);
    const csv = parse(committed, { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.map((r) => `${r.fromId}|${r.toId}`).sort()).toEqual(rows.map((r) => `${r.fromId ?? ''}|${r.toId ?? ''}`).sort());
  });

  it('accounts for all 79 pathways and all 72 sub-clusters', () => {
    const oldIds = new Set(rows.map((r) => r.fromId).filter(Boolean));
    const newIds = new Set(rows.map((r) => r.toId).filter(Boolean));
    for (const p of allSubclusters(from)) expect(oldIds.has(p.id), p.id).toBe(true);
    for (const s of allSubclusters(to)) expect(newIds.has(s.id), s.id).toBe(true);
    // No 2002 pathway is silently dropped: each continues, or is retired with a reason.
    for (const r of rows.filter((r) => r.relation === 'retired')) expect(r.reason, r.fromId ?? '').toBeTruthy();
  });

  it('reproduces every VERIFIED cluster-level relation of the facts', () => {
    const verified = facts('cluster-crosswalk-2002-2024.csv').filter((r) => r.status.startsWith('VERIFIED'));
    expect(verified.length).toBeGreaterThanOrEqual(7);
    const clusterRows = rows.filter((r) => r.nodeType === 'cluster');
    for (const fact of verified) {
      if (fact.legacy_cluster.startsWith('(state-level)')) continue; // no national 2002 Energy cluster
      const oldId = id(fact.legacy_cluster, from);
      const mine = clusterRows.filter((r) => r.fromId === oldId);
      if (fact.relation.startsWith('dissolve')) {
        // STEM is spread across several 2024 clusters.
        expect(mine.length, fact.legacy_cluster).toBeGreaterThanOrEqual(3);
        expect(new Set(mine.map((r) => r.relation))).toEqual(new Set(['split']));
        continue;
      }
      const newId = id(fact.modern_cluster, to);
      const row = mine.find((r) => r.toId === newId);
      expect(row, `${fact.legacy_cluster} → ${fact.modern_cluster}`).toBeDefined();
      // As the steward words it: a merge reads `merged` (partial where one pathway went elsewhere), and its predicate
      // stays truthful: broadMatch only for a whole cluster, relatedMatch for a partial one.
      const words: Record<string, CrosswalkRow['relation']> = {
        merge: 'merged',
        'expand & rename (now cross-cutting)': 'renamed',
        'partial (natural-resource/environment pathways move)': 'split',
      };
      expect(words[fact.relation], `no wording for "${fact.relation}"`).toBeDefined();
      expect(row!.relation, `${fact.legacy_cluster} → ${fact.modern_cluster}`).toBe(words[fact.relation]);
      if (fact.relation === 'merge') expect(row!.skos).toBe(row!.partial ? 'relatedMatch' : 'broadMatch');
      if (row!.partial) expect(row!.primary).toBe(fact.relation === 'merge');
    }
    // The two merges: both predecessors continue in one cluster.
    for (const [a, b, into] of [
      ['Government & Public Administration', 'Law, Public Safety, Corrections & Security', 'Public Service & Safety'],
      ['Health Science', 'Human Services', 'Healthcare & Human Services'],
    ] as const) {
      const target = to.nodes.get(id(into, to))!;
      expect(target.derivedFrom).toEqual(expect.arrayContaining([id(a, from), id(b, from)]));
    }
  });

  it('moves Early Childhood from Human Services to Education', () => {
    const row = rows.find((r) => r.fromId === 'early-childhood-development-services')!;
    expect(row.fromParent).toBe('human-services');
    expect(row.toParent).toBe('education');
  });

  it('says `renamed` only where the title changed; an id-only change is `id-changed`', () => {
    const renamed = rows.filter((r) => r.relation === 'renamed');
    expect(renamed.length).toBeGreaterThan(0);
    expect(renamed.filter((r) => r.fromTitle === r.toTitle)).toEqual([]);
    // The ten 2024 ids prefixed because a 2002 node had the title (ADR 0003); eight continue that node (Biotechnology
    // Research & Development also takes in a part of Science & Mathematics).
    expect(rows.filter((r) => r.relation === 'id-changed').map((r) => r.fromId)).toEqual([
      'animal-systems',
      'plant-systems',
      'performing-arts',
      'accounting',
      'insurance',
      'regulation',
      'biotechnology-research-development',
      'personal-care-services',
    ]);
  });

  it('gives every row of a node continued by several a share, the primary successor and the occupations of its part', () => {
    const byFrom = new Map<string, typeof rows>();
    for (const r of rows) if (r.fromId && r.toId) byFrom.set(r.fromId, [...(byFrom.get(r.fromId) ?? []), r]);
    let splits = 0;
    for (const [fromId, mine] of byFrom) {
      const total = mine.reduce((t, r) => t + r.share!, 0);
      expect(total, fromId).toBeCloseTo(1, 3);
      expect(
        mine.filter((r) => r.primary),
        fromId,
      ).toHaveLength(1);
      for (const r of mine) {
        expect(r.partial, `${fromId}>${r.toId}`).toBe(mine.length > 1);
        if (r.relation !== 'split') continue;
        splits++;
        expect(r.share, `${fromId}>${r.toId}`).toBeGreaterThan(0);
        expect(r.shareBasis).not.toBeNull();
        // Lighting & Sound Technology and Logistics & Inventory Control have no occupation on either side.
        const available =
          r.nodeType === 'cluster'
            ? rows.some((x) => x.fromParent === fromId && x.toParent === r.toId && x.occupations.length)
            : (to.nodes.get(r.toId!) as { soc: unknown[] }).soc.length > 0;
        if (available) expect(r.occupations.length, `${fromId}>${r.toId}`).toBeGreaterThan(0);
      }
    }
    expect(splits).toBeGreaterThan(20);
    // The pathway splits of ADR 0003 by occupations: Transportation Operations goes mostly to Ground & Rail.
    const ops = byFrom.get('transportation-operations')!;
    expect(ops.map((r) => [r.toId, r.share, r.shareBasis, r.primary])).toEqual([
      ['air-space-transportation', 0.2083, 'occupations', false],
      ['ground-rail-transportation', 0.625, 'occupations', true],
      ['marine-transportation', 0.1667, 'occupations', false],
    ]);
  });

  it('carries the lineage note as the reason and shows parents by title', () => {
    const gpa = rows.find((r) => r.fromId === 'government-public-administration' && r.toId === 'public-service-safety')!;
    expect(gpa.reason).toContain('Crosswalk: Government & Public Administration -> merge: VERIFIED');
    const withReason = rows.filter((r) => r.fromId && r.toId && r.reason);
    expect(withReason.length).toBe(rows.filter((r) => r.fromId && r.toId).length);
    const early = rows.find((r) => r.fromId === 'early-childhood-development-services')!;
    expect([early.fromParentTitle, early.toParentTitle]).toEqual(['Human Services', 'Education']);
  });

  it('gives the worklist one row per old node with what to do', () => {
    const list = toWorklist(cs);
    expect(list).toHaveLength(16 + 79);
    const gpa = list.find((r) => r.fromId === 'government-public-administration')!;
    expect(gpa).toMatchObject({ relation: 'merged (partial)', action: 'choose-part', newId: '', decision: '' });
    expect(gpa.successors).toEqual([
      'Public Service & Safety (public-service-safety) 86%',
      'Management & Entrepreneurship (management-entrepreneurship) 14%',
    ]);
    const ops = list.find((r) => r.fromId === 'transportation-operations')!;
    expect(ops.action).toBe('choose-part');
    expect(ops.parts[0]).toMatch(/^Ground & Rail Transportation \(ground-rail-transportation\) 63%, primary: 43-5021\.00; 53-3011\.00; /);
    expect(list.find((r) => r.fromId === 'animal-systems')).toMatchObject({ action: 'remap', newId: 'agriculture-animal-systems' });
    expect(list.filter((r) => r.action === 'choose-part').map((r) => r.fromId)).toHaveLength(14);
  });
});
