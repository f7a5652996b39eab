import type { Framework } from '@ccf/core';
import { allSubclusters } from '@ccf/core';
import { expect } from 'vitest';
import { facts } from './facts.js';

/** Checks a framework is the complete 2002 edition: the facts' clusters, pathways, order and O*NET links. */
export function expect2002(framework: Framework): void {
  const clusters = facts('legacy-clusters.csv');
  const pathways = facts('legacy-pathways.csv');
  const links = facts('onet-legacy-occupations.csv');

  expect(framework.meta.edition).toBe('2002');
  expect(framework.meta.terms).toMatchObject({ cluster: 'Career Cluster', subcluster: 'Career Pathway' });
  expect(framework.clusters.map((c) => c.title)).toEqual(clusters.map((c) => c.title));
  expect(framework.clusters.map((c) => c.codes.onet)).toEqual(clusters.map((c) => c.onet_legacy_code));
  expect(allSubclusters(framework)).toHaveLength(79);

  for (const [i, cluster] of framework.clusters.entries()) {
    const expected = pathways.filter((p) => Number(p.cluster_order) === i + 1);
    expect(
      cluster.children.map((p) => p.title),
      cluster.title,
    ).toEqual(expected.map((p) => p.pathway_title));
    for (const [j, pathway] of cluster.children.entries()) {
      expect(pathway.soc.length, pathway.title).toBe(Number(expected[j]!.onet_occupation_links));
    }
  }

  // Every O*NET link is accounted for: O*NET writes "and" where the framework writes "&".
  const norm = (s: string): string => s.replace(/&/g, 'and').replace(/\s+/g, ' ').trim().toLowerCase();
  const have = new Set(allSubclusters(framework).flatMap((p) => p.soc.map((s) => `${norm(p.title)}|${s.code}`)));
  const missing = links.filter((l) => !have.has(`${norm(l.onet_pathway_title)}|${l.onetsoc_code}`));
  expect(missing).toEqual([]);
  expect(allSubclusters(framework).reduce((n, p) => n + p.soc.length, 0)).toBe(1033);
}
