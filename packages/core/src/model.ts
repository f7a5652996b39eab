import type { ClusterNode, Framework, FrameworkNode, SubclusterNode } from './types.js';

/** Lowercase kebab-case, as the schema's `id` pattern. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Every node in document order: each cluster followed by its sub-clusters. */
export function allNodes(framework: Framework): FrameworkNode[] {
  return framework.clusters.flatMap((c): FrameworkNode[] => [c, ...c.children]);
}

/** Every sub-cluster in document order. */
export function allSubclusters(framework: Framework): SubclusterNode[] {
  return framework.clusters.flatMap((c) => c.children);
}

/** The cluster a node belongs to (itself for a cluster). */
export function clusterOf(framework: Framework, node: FrameworkNode): ClusterNode | undefined {
  if (node.type === 'cluster') return node;
  const parent = framework.nodes.get(node.parent);
  return parent?.type === 'cluster' ? parent : undefined;
}
