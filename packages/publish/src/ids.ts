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

/** The base URL with exactly one trailing slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '') + '/';
}
