import { readFileSync } from 'node:fs';
import { allSubclusters } from '@ccf/core';
import { loadFramework, openSource } from '@ccf/core/node';
import { diffFrameworks, renderChangeSetMarkdown } from '@ccf/diff';
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

  it('regenerates the report in releases/2.0.0/CHANGELOG.md byte for byte', () => {
    const committed = readFileSync(`${repoRoot}releases/2.0.0/CHANGELOG.md`, 'utf8');
    // 2.0.0 was released from the content folder, which `ccf release` labels `content`.
    const report = renderChangeSetMarkdown({ ...cs, to: { ...cs.to, label: 'content' } }, { maxChars: 1_000_000 });
    expect(committed).toContain('Compared with 1.0.0: this release needs a **major** version bump.\n\n## Changes to');
    expect(committed.endsWith(`version bump.\n\n${report}`)).toBe(true);
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
      if (fact.relation === 'merge') {
        // Both predecessors point at the merged cluster; a predecessor that also gives parts elsewhere is n:n.
        expect(['merged', 'split']).toContain(row!.relation);
        expect(row!.skos).toBe(row!.cardinality === 'n:1' ? 'broadMatch' : 'relatedMatch');
      } else {
        expect(['merged', 'renamed', 'split']).toContain(row!.relation);
      }
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

  it('is the crosswalk committed in releases/2.0.0/crosswalk.csv, one row per mapping', () => {
    const csv = parse(readFileSync(`${repoRoot}releases/2.0.0/crosswalk.csv`), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.map((r) => `${r.fromId}|${r.toId}|${r.relation}`).sort()).toEqual(
      rows.map((r) => `${r.fromId ?? ''}|${r.toId ?? ''}|${r.relation}`).sort(),
    );
  });
});
