import type { Framework } from '@ccf/core';
import { v5 as uuidv5 } from 'uuid';

/**
 * The namespace of every CASE identifier ccf publishes. Fixed forever (docs/decisions/0005-publishing.md):
 * changing it would change every identifier consumers have stored.
 */
export const CASE_NAMESPACE = '0a60708a-4c9b-424a-b7a8-60a136a922f9';

/** The CASE identifier of a cluster or sub-cluster: UUID v5 of the namespace and the node id. */
export function caseItemId(nodeId: string): string {
  return uuidv5(nodeId, CASE_NAMESPACE);
}

/**
 * The CASE identifier of any other record. Node ids are kebab-case and never hold `:`, so a `kind:` prefix
 * keeps these apart from item identifiers.
 */
export function caseId(kind: 'document' | 'item-type' | 'license' | 'association' | 'external' | 'state-item', name: string): string {
  return uuidv5(`${kind}:${name}`, CASE_NAMESPACE);
}

/**
 * The CFDocument identifier of an edition: every release of one edition is one document (its items keep their
 * identifiers from release to release); another edition is another document. The base URL is left out on
 * purpose: an identifier outlives the host it is served from (docs/decisions/0016-case-and-urls.md).
 */
export function caseDocumentId(frameworkId: string, edition: string): string {
  return caseId('document', `${frameworkId}/edition/${edition}`);
}

/**
 * The CFItemType identifier of a level as an edition names it: one per meaning. A Career Cluster is the same kind
 * of thing in 2002 and 2024; a Career Pathway (2002) and a Sub-Cluster (2024) are not, though both are level 2.
 */
export function caseItemTypeId(level: 'cluster' | 'subcluster' | 'program', term: string): string {
  return caseId('item-type', `${level}/${term.trim().toLowerCase().replace(/\s+/g, ' ')}`);
}

/**
 * The CASE identifier of a node or program as `framework` publishes it. A national node, and a node a state framework
 * adopts unchanged, is the national item: the same identifier (a state package aliases it, CASE's derived
 * framework). A node the state changed or added, and a program of study, is the state's own item: its identifier
 * is of the state framework's id and the node id, so it never collides with the national item.
 */
export function caseNodeId(framework: Framework, node: { id: string; origin?: string }): string {
  if (!framework.overlay || node.origin === undefined || node.origin === 'national') return caseItemId(node.id);
  return caseId('state-item', `${framework.meta.id}/${node.id}`);
}
