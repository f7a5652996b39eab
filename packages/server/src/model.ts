import type { ClusterNode, Framework, FrameworkNode, SubclusterNode } from '@ccf/core';
import { allNodes, nodeFields } from '@ccf/core';

// The API's JSON shapes over the model, from @ccf/core's runtime-neutral entry.

/** Distinct occupation codes under a cluster or sub-cluster. */
export function occupationCount(node: FrameworkNode): number {
  const codes = new Set<string>();
  const subs = node.type === 'cluster' ? node.children : [node];
  for (const s of subs) for (const o of s.soc) codes.add(o.code);
  return codes.size;
}

export interface LineageLink {
  id: string;
  title?: string;
  /** The parent cluster, for a sub-cluster in this framework. */
  parent?: string;
  /** Whether the node is in this framework (else it is in an earlier version). */
  present: boolean;
}

/** Lineage both ways: the earlier nodes this one continues, and the nodes here that continue it. */
export function lineage(framework: Framework, node: FrameworkNode): { derivedFrom: LineageLink[]; continuedBy: LineageLink[] } {
  const link = (id: string): LineageLink => {
    const n = framework.nodes.get(id);
    return n ? { id, title: n.title, ...(n.type === 'subcluster' ? { parent: n.parent } : {}), present: true } : { id, present: false };
  };
  const continuedBy = allNodes(framework)
    .filter((n) => n.derivedFrom.includes(node.id))
    .map((n) => link(n.id));
  return { derivedFrom: node.derivedFrom.map(link), continuedBy };
}

/**
 * A node's fields as the API serves them: its own fields, its type and its definition (not its file); in a state
 * framework, its origin, the national version it came from and what the state changed.
 */
function apiFields(n: FrameworkNode): Record<string, unknown> {
  const { id, ...fields } = nodeFields(n);
  return {
    id,
    type: n.type,
    ...fields,
    definition: n.definition,
    ...(n.origin !== undefined ? { origin: n.origin } : {}),
    ...(n.baseVersion !== undefined ? { baseVersion: n.baseVersion } : {}),
    ...(n.stateChanges?.length ? { stateChanges: n.stateChanges } : {}),
  };
}

/** A sub-cluster as the API serves it. */
export function subclusterJson(s: SubclusterNode): Record<string, unknown> {
  return {
    ...apiFields(s),
    parent: s.parent,
    soc: s.soc,
    cip: s.cip,
    naics: s.naics,
    ...(s.linkProvenance ? { linkProvenance: s.linkProvenance } : {}),
  };
}

/** A cluster with its sub-clusters in full. */
export function clusterJson(c: ClusterNode): Record<string, unknown> {
  return {
    ...apiFields(c),
    crossCutting: c.crossCutting,
    ...(c.grouping !== undefined ? { grouping: c.grouping } : {}),
    counts: { subclusters: c.children.length, occupations: occupationCount(c) },
    children: c.children.map(subclusterJson),
  };
}

/** A cluster in the list: no definitions, children by id and title. */
export function clusterSummaryJson(c: ClusterNode, base: string, suffix = '', api = 'api/v1/'): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    aliases: c.aliases,
    order: c.order,
    status: c.status,
    crossCutting: c.crossCutting,
    ...(c.grouping !== undefined ? { grouping: c.grouping } : {}),
    codes: c.codes,
    counts: { subclusters: c.children.length, occupations: occupationCount(c) },
    href: `${base}${api}clusters/${c.id}${suffix}`,
    subclusters: c.children.map((s) => ({ id: s.id, title: s.title, href: `${base}${api}nodes/${s.id}${suffix}` })),
  };
}

export function frameworkCounts(framework: Framework): {
  clusters: number;
  subclusters: number;
  occupations: number;
  occupationLinks: number;
} {
  const codes = new Set<string>();
  let links = 0;
  let subclusters = 0;
  for (const c of framework.clusters)
    for (const s of c.children) {
      subclusters++;
      links += s.soc.length;
      for (const o of s.soc) codes.add(o.code);
    }
  return { clusters: framework.clusters.length, subclusters, occupations: codes.size, occupationLinks: links };
}

/** The whole framework, nested. */
export function frameworkJson(framework: Framework): Record<string, unknown> {
  return {
    ...framework.meta,
    source: framework.source,
    introduction: framework.introduction,
    counts: frameworkCounts(framework),
    clusters: framework.clusters.map(clusterJson),
  };
}

/** One node with its place and lineage. */
export function nodeJson(framework: Framework, node: FrameworkNode): Record<string, unknown> {
  const body = node.type === 'cluster' ? clusterJson(node) : subclusterJson(node);
  return { ...body, lineage: lineage(framework, node) };
}
