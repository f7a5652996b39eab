import type { CasePackage } from './case.js';

/**
 * Reference checks the CASE schema cannot make: unique identifiers, every `isChildOf` origin and destination in
 * the package, every item reached from the document, and no cycle. Lineage (`replacedBy`) origins are items of
 * an earlier release, and link destinations with a `targetType` are codes outside the framework: neither is looked up here. Returns problems as sentences; empty when sound.
 */
export function checkCaseReferences(pkg: CasePackage): string[] {
  const problems: string[] = [];
  const docId = pkg.CFDocument.identifier;
  const items = new Map<string, { uri: string }>();
  const seen = new Set<string>([docId]);
  for (const record of [...pkg.CFItems, ...pkg.CFAssociations, ...pkg.CFDefinitions.CFItemTypes, ...pkg.CFDefinitions.CFLicenses]) {
    if (seen.has(record.identifier)) problems.push(`Duplicate identifier ${record.identifier}`);
    seen.add(record.identifier);
  }
  for (const item of pkg.CFItems) items.set(item.identifier, item);
  const known = (link: { identifier: string; uri: string }): boolean =>
    link.identifier === docId ? link.uri === pkg.CFDocument.uri : items.get(link.identifier)?.uri === link.uri;

  const parent = new Map<string, string>();
  for (const a of pkg.CFAssociations) {
    if (a.associationType === 'replacedBy') {
      if (!items.has(a.destinationNodeURI.identifier))
        problems.push(`replacedBy ${a.identifier}: destination is not an item of the package`);
      continue;
    }
    if (!known(a.originNodeURI))
      problems.push(`${a.associationType} ${a.identifier}: origin ${a.originNodeURI.identifier} is not in the package`);
    // A destination with a targetType is outside the package by design (a SOC, CIP or NAICS code).
    if (!a.destinationNodeURI.targetType && !known(a.destinationNodeURI))
      problems.push(`${a.associationType} ${a.identifier}: destination ${a.destinationNodeURI.identifier} is not in the package`);
    if (a.associationType === 'isChildOf') {
      if (parent.has(a.originNodeURI.identifier)) problems.push(`Item ${a.originNodeURI.identifier} has two parents`);
      parent.set(a.originNodeURI.identifier, a.destinationNodeURI.identifier);
    }
  }
  for (const id of items.keys()) {
    const path = new Set<string>();
    let at: string | undefined = id;
    while (at !== undefined && at !== docId) {
      if (path.has(at)) {
        problems.push(`Cycle of isChildOf through ${id}`);
        break;
      }
      path.add(at);
      at = parent.get(at);
    }
    if (at === undefined) problems.push(`Item ${id} is not under the document`);
  }
  return problems;
}
