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
export function caseId(kind: 'document' | 'item-type' | 'license' | 'association' | 'external', name: string): string {
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
export function caseItemTypeId(level: 'cluster' | 'subcluster', term: string): string {
  return caseId('item-type', `${level}/${term.trim().toLowerCase().replace(/\s+/g, ' ')}`);
}
