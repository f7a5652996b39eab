import type { Framework } from '@ccf/core';
import { allSubclusters } from '@ccf/core';
import { expect } from 'vitest';
import { facts } from './facts.js';

/** Checks a framework is the complete 2024 edition: 14 clusters (3 cross-cutting), 72 sub-clusters, titles as the facts give them. */
export function expect2024(framework: Framework): void {
  const clusters = facts('modern-clusters.csv');
  const subclusters = facts('modern-subclusters.csv');

  expect(framework.meta.edition).toBe('2024');
  expect(framework.meta.terms).toMatchObject({ cluster: 'Career Cluster', subcluster: 'Sub-Cluster' });
  expect(framework.clusters).toHaveLength(14);
  expect(allSubclusters(framework)).toHaveLength(72);
  expect(framework.clusters.map((c) => c.title).sort()).toEqual(clusters.map((c) => c.title).sort());
  expect(
    framework.clusters
      .filter((c) => c.crossCutting)
      .map((c) => c.title)
      .sort(),
  ).toEqual(
    clusters
      .filter((c) => c.cross_cutting === 'true')
      .map((c) => c.title)
      .sort(),
  );

  for (const row of clusters) {
    const cluster = framework.clusters.find((c) => c.title === row.title)!;
    expect(cluster.codes.onet, row.title).toBe(row.onet_code);
    const expected = subclusters.filter((s) => s.cluster_title === row.title).sort((a, b) => Number(a.order) - Number(b.order));
    expect(
      cluster.children.map((s) => s.title),
      row.title,
    ).toEqual(expected.map((s) => s.title));
    expect(cluster.children).toHaveLength(Number(row.subcluster_count));
  }

  // A grouping's name, where it has one, carries its evidence: a status and at least one source.
  for (const g of framework.meta.groupings ?? [])
    if (g.title !== undefined) expect(g.provenance.sources?.length ?? 0, g.id).toBeGreaterThan(0);
  // Every node says how well its name is established.
  for (const node of framework.nodes.values()) expect(['VERIFIED', 'SECONDARY', 'INFERRED', 'UNCERTAIN']).toContain(node.provenance.status);
  // Occupations say where they come from: the steward's crosswalk, or (release 2.0.0) carried over through lineage and
  // marked as derived, never as official.
  for (const s of allSubclusters(framework))
    if (s.soc.length)
      expect(s.linkProvenance?.soc?.source ?? s.provenance.occupations, s.id).toMatch(/^(?:advance-cte-crosswalk|derived)$/);
}
