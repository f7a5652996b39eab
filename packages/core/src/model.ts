import type { Diagnostic, Framework, FrameworkNode, Severity, SubclusterNode } from './types.js';

// Pure: no file access (part of the runtime-neutral `@ccf/core` entry).

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

/** The fields every cluster and sub-cluster has, the same in the model and in framework.json. */
export type NodeFields = Pick<
  FrameworkNode,
  'id' | 'title' | 'aliases' | 'order' | 'status' | 'retiredReason' | 'codes' | 'provenance' | 'derivedFrom'
>;

/**
 * Copies a node's own fields (not its type, definition, file or children) from a model node or a framework.json
 * node, in framework.json's key order; `retiredReason` only when set.
 */
export function nodeFields(node: NodeFields): NodeFields {
  return {
    id: node.id,
    title: node.title,
    aliases: node.aliases,
    order: node.order,
    status: node.status,
    ...(node.retiredReason !== undefined ? { retiredReason: node.retiredReason } : {}),
    codes: node.codes,
    provenance: node.provenance,
    derivedFrom: node.derivedFrom,
  };
}

/** How many diagnostics there are of each severity. */
export function countBySeverity(list: readonly Pick<Diagnostic, 'severity'>[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of list) counts[d.severity]++;
  return counts;
}
