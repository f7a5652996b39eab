import type { Framework, FrameworkNode, ProgramNode } from '@ccf/core';
import { allNodes, allSubclusters, caseUrl, normalizeBaseUrl, type CaseCollection } from '@ccf/core';
import { plain } from './text.js';
import { CASE_NAMESPACE, caseDocumentId, caseId, caseItemId, caseItemTypeId, caseNodeId } from './ids.js';

/** What case.json holds: a CASE 1.1 CFPackage (only the parts ccf writes). */
export interface CasePackage {
  CFDocument: Record<string, unknown> & { identifier: string; uri: string; title: string };
  CFItems: (Record<string, unknown> & { identifier: string; uri: string; fullStatement: string })[];
  CFAssociations: CaseAssociation[];
  CFDefinitions: {
    CFItemTypes: (Record<string, unknown> & { identifier: string; uri: string; title: string })[];
    CFLicenses: (Record<string, unknown> & { identifier: string; uri: string })[];
  };
}

export interface CaseLink {
  title: string;
  identifier: string;
  uri: string;
}

export interface CaseAssociation {
  identifier: string;
  associationType: string;
  sequenceNumber?: number;
  uri: string;
  originNodeURI: CaseLink & { targetType?: string };
  destinationNodeURI: CaseLink & { targetType?: string };
  lastChangeDateTime: string;
  notes?: string;
  /** The CFDocument of an end that is an item of another package (CASE's LinkGenURI has no room for it). */
  extensions?: { originCFDocumentURI?: CaseLink };
}

export interface CaseOptions {
  /** The base of every `uri` (the framework's `baseUrl`, checked by the caller). */
  baseUrl: string;
  /**
   * Earlier versions, oldest first, whose ids `derivedFrom` names: their titles and documents label lineage. For a
   * state framework, its national base (so each changed item links to the national item it adapts).
   */
  earlier?: readonly Framework[];
}

/** Used for lastChangeDateTime when the source has no date (see docs/decisions/0005-publishing.md). */
export const UNDATED = '1970-01-01T00:00:00Z';

/**
 * The CASE 1.1 package of a framework. Identifiers are UUID v5 (never stored): the document's of the framework id
 * and edition, an item's of its ccf id. Every `uri` is the CASE REST URL of the record under `baseUrl`
 * (`<baseUrl>ims/case/v1p1/<CFDocuments|CFItems|…>/<identifier>`), which `ccf serve` answers.
 */
export function toCase(framework: Framework, date: string | undefined, options: CaseOptions): CasePackage {
  const m = framework.meta;
  const base = normalizeBaseUrl(options.baseUrl);
  const uri = (type: CaseCollection, id: string): string => caseUrl(base, type, id);
  const changed = date ?? UNDATED;
  const documentLink = (fw: Framework): CaseLink => {
    const identifier = caseDocumentId(fw.meta.id, fw.meta.edition);
    return { title: `${fw.meta.title} (${fw.meta.edition} edition)`, identifier, uri: uri('CFDocuments', identifier) };
  };
  const docLink = documentLink(framework);
  const docId = docLink.identifier;
  // "Licence" (British) is in the published case.json of releases 1.0.0 and 2.0.0, which must stay byte-identical.
  const licenseId = caseId('license', `${m.id}/${m.license}`);
  const licenseLink: CaseLink = { title: `Licence of ${m.title}`, identifier: licenseId, uri: uri('CFLicenses', licenseId) };

  const itemTypes: {
    identifier: string;
    uri: string;
    title: string;
    description: string;
    hierarchyCode: string;
    typeCode: string;
    lastChangeDateTime: string;
  }[] = (['cluster', 'subcluster'] as const).map((level, i) => {
    const id = caseItemTypeId(level, m.terms[level]);
    return {
      identifier: id,
      uri: uri('CFItemTypes', id),
      title: m.terms[level],
      description: `${m.terms[level]}: level ${i + 1} of the ${m.title}.`,
      hierarchyCode: String(i + 1),
      typeCode: level,
      lastChangeDateTime: changed,
    };
  });
  const programs = allSubclusters(framework).flatMap((s) => s.programs ?? []);
  if (programs.length) {
    const id = caseItemTypeId('program', 'Program of Study');
    itemTypes.push({
      identifier: id,
      uri: uri('CFItemTypes', id),
      title: 'Program of Study',
      description: `Program of Study: level 3 of the ${m.title}, a state's program below a ${m.terms.subcluster}.`,
      hierarchyCode: '3',
      typeCode: 'program',
      lastChangeDateTime: changed,
    });
  }
  const typeLink = (node: FrameworkNode | ProgramNode): CaseLink => {
    const t = itemTypes[node.type === 'cluster' ? 0 : node.type === 'subcluster' ? 1 : 2]!;
    return { title: t.title, identifier: t.identifier, uri: t.uri };
  };

  const nodes = allNodes(framework);
  // A state framework is a CASE derived framework: a node it adopts unchanged is the national item itself (its
  // identifier, and its uri on the national site), so a consumer holding the national item recognizes it.
  const overlay = framework.overlay;
  const nationalBase = overlay?.base.baseUrl ? normalizeBaseUrl(overlay.base.baseUrl) : base;
  // The records the base published, where it is a release folder: release 1.0.0's document (and any item) is not what
  // ccf computes today, and the state's package must name the national records as they are.
  const published = overlay?.base.case;
  const nationalLink = (id: string, title: string): CaseLink => {
    const held = published?.items.get(id);
    if (held) return { title, ...held };
    const identifier = caseItemId(id);
    return { title, identifier, uri: caseUrl(nationalBase, 'CFItems', identifier) };
  };
  const nationalDocument = (m: Framework['meta']): CaseLink => {
    if (published) return { ...published.document };
    const identifier = caseDocumentId(overlay!.base.id, m.edition);
    return { title: `${overlay!.base.title} (${m.edition} edition)`, identifier, uri: caseUrl(nationalBase, 'CFDocuments', identifier) };
  };
  const byId = new Map<string, { id: string; origin?: string }>([...nodes, ...programs].map((n) => [n.id, n]));
  const itemLink = (id: string, title: string): CaseLink => {
    const node = byId.get(id);
    if (overlay && (!node || node.origin === 'national')) return nationalLink(id, title);
    const identifier = node ? caseNodeId(framework, node) : caseItemId(id);
    return { title, identifier, uri: uri('CFItems', identifier) };
  };

  const items: CasePackage['CFItems'] = nodes.map((node) => {
    const link = itemLink(node.id, node.title);
    const definition = plain(node.definition);
    return {
      identifier: link.identifier,
      uri: link.uri,
      fullStatement: node.title,
      ...(node.aliases.length ? { alternativeLabel: node.aliases[0]! } : {}),
      CFItemType: typeLink(node).title,
      CFItemTypeURI: typeLink(node),
      humanCodingScheme: node.codes.onet ?? node.id,
      listEnumeration: String(node.order),
      ...(definition ? { notes: definition } : {}),
      ...(node.aliases.length ? { conceptKeywords: node.aliases } : {}),
      language: 'en',
      licenseURI: licenseLink,
      lastChangeDateTime: changed,
      extensions: {
        ccfId: node.id,
        status: node.status,
        ...(node.retiredReason !== undefined ? { retiredReason: node.retiredReason } : {}),
        provenance: node.provenance.status,
        ...(node.origin !== undefined ? { origin: node.origin } : {}),
        ...(node.baseVersion !== undefined ? { baseVersion: node.baseVersion } : {}),
        ...(node.stateChanges?.length ? { stateChanges: node.stateChanges } : {}),
      },
    };
  });
  for (const p of programs) {
    const link = itemLink(p.id, p.title);
    const description = plain(p.definition);
    items.push({
      identifier: link.identifier,
      uri: link.uri,
      fullStatement: p.title,
      CFItemType: typeLink(p).title,
      CFItemTypeURI: typeLink(p),
      humanCodingScheme: p.cip[0] ?? p.id,
      ...(p.order !== Number.MAX_SAFE_INTEGER ? { listEnumeration: String(p.order) } : {}),
      ...(description ? { notes: description } : {}),
      language: 'en',
      licenseURI: licenseLink,
      lastChangeDateTime: changed,
      extensions: { ccfId: p.id, origin: 'state', cip: p.cip, courses: p.courses, credentials: p.credentials },
    });
  }

  // Where a `derivedFrom` id lives: this framework (a node kept as retired), else the newest earlier version that
  // has it (`earlier` is oldest first; ids are never reused, so any version that has it means the same node).
  const lineage = new Map<string, { title: string; document?: CaseLink }>();
  for (const fw of options.earlier ?? []) {
    // A state framework's base is the national document (as the base published it, on the national site).
    const doc =
      overlay && fw.meta.id === overlay.base.id && fw.meta.version === overlay.base.version ? nationalDocument(fw.meta) : documentLink(fw);
    for (const node of allNodes(fw)) lineage.set(node.id, { title: node.title, ...(doc.identifier !== docId ? { document: doc } : {}) });
  }
  // In a state framework an id keeps the national node's title for the national item (the state may rename it).
  for (const node of nodes) if (!overlay || !lineage.has(node.id) || node.origin === 'state') lineage.set(node.id, { title: node.title });

  const associations: CaseAssociation[] = [];
  const associate = (
    type: string,
    origin: CaseLink & { targetType?: string },
    destination: CaseLink,
    sequence?: number,
    notes?: string,
    originDocument?: CaseLink,
  ): void => {
    const identifier = caseId('association', `${type}:${origin.identifier}:${destination.identifier}`);
    associations.push({
      identifier,
      associationType: type,
      ...(sequence !== undefined ? { sequenceNumber: sequence } : {}),
      uri: uri('CFAssociations', identifier),
      originNodeURI: origin,
      destinationNodeURI: destination,
      lastChangeDateTime: changed,
      ...(notes ? { notes } : {}),
      ...(originDocument ? { extensions: { originCFDocumentURI: originDocument } } : {}),
    });
  };
  for (const cluster of framework.clusters) {
    const c = itemLink(cluster.id, cluster.title);
    associate('isChildOf', c, docLink, cluster.order);
    for (const sub of cluster.children) {
      const s = itemLink(sub.id, sub.title);
      associate('isChildOf', s, c, sub.order);
      for (const p of sub.programs ?? [])
        associate('isChildOf', itemLink(p.id, p.title), s, p.order === Number.MAX_SAFE_INTEGER ? undefined : p.order);
    }
  }
  // A node the state changed is its own item, tied to the national item it adapts: the same thing under another
  // title, code or place (`exactMatchOf`), or, with the state's own definition, a related one (`isRelatedTo`).
  if (overlay)
    for (const node of nodes) {
      if (node.origin !== 'modified') continue;
      const national = lineage.get(node.id);
      const scoped = node.stateChanges?.includes('definition') === true;
      associate(
        scoped ? 'isRelatedTo' : 'exactMatchOf',
        itemLink(node.id, node.title),
        { ...nationalLink(node.id, national?.title ?? node.id), targetType: 'CASE' } as CaseLink,
        undefined,
        `${node.id} adapts the national item of ${overlay.base.title} ${overlay.base.version} (${node.stateChanges?.join(', ') ?? 'changed'}).`,
      );
    }
  // Lineage: the earlier node is replaced by this one. An item of an earlier edition lives in that edition's
  // document: the origin is then a reference out of this package, labelled with its title and document. An id that
  // no version at hand has (lineage to a version ccf never published) is left out: its CASE uri would resolve
  // nowhere, and a slug is no title. framework.json and the crosswalk keep it.
  for (const node of nodes)
    for (const old of node.derivedFrom) {
      const from = lineage.get(old);
      if (!from) continue;
      associate(
        'replacedBy',
        { ...itemLink(old, from.title), ...(from.document ? { targetType: 'CASE' } : {}) },
        itemLink(node.id, node.title),
        undefined,
        `${node.id} continues ${old} of ${from.document ? from.document.title : 'an earlier version'} (derivedFrom).`,
        from.document,
      );
    }

  // Links out: each occupation, program and industry a sub-cluster links to is the destination of an `isRelatedTo`,
  // a reference to the code's authoritative page (targetType says which code list); see ADR 0014.
  for (const sub of allSubclusters(framework)) {
    const origin = itemLink(sub.id, sub.title);
    const source = (list: 'soc' | 'cip' | 'naics'): string | undefined => {
      const p = sub.linkProvenance?.[list];
      return p?.source === 'advance-cte-crosswalk'
        ? `Source: Advance CTE, National Career Clusters® Framework Crosswalk${p.date ? ` (${p.date})` : ''}.`
        : undefined;
    };
    for (const l of sub.soc) associate('isRelatedTo', origin, externalLink('soc', l), undefined, source('soc'));
    for (const l of sub.cip) associate('isRelatedTo', origin, externalLink('cip', l), undefined, source('cip'));
    for (const l of sub.naics) associate('isRelatedTo', origin, externalLink('naics', l), undefined, source('naics'));
  }

  return {
    CFDocument: {
      identifier: docId,
      uri: docLink.uri,
      caseVersion: '1.1',
      creator: m.publisher,
      title: docLink.title,
      lastChangeDateTime: changed,
      officialSourceURL: base,
      publisher: m.publisher,
      description: plain(framework.introduction),
      subject: ['Career and Technical Education'],
      language: 'en',
      version: m.version,
      adoptionStatus: 'Adopted',
      ...(date ? { statusStartDate: date.slice(0, 10) } : {}),
      licenseURI: licenseLink,
      notes: overlay
        ? `${m.attribution} A framework derived from ${overlay.base.title} ${overlay.base.version}: items it adopts unchanged are the national items (their identifiers and URIs); items it changes or adds have identifiers of their own (UUID v5 of the namespace ${CASE_NAMESPACE}, the state framework id and the ccf id).`
        : `${m.attribution} Identifiers are UUID v5 of the namespace ${CASE_NAMESPACE}: an item's of its ccf id, this document's of the framework id and edition.`,
      ...(overlay
        ? {
            extensions: {
              derivedFrom: nationalDocument(m),
              baseVersion: overlay.base.version,
              state: overlay.state.code,
            },
          }
        : {}),
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFItemTypes: itemTypes,
      CFLicenses: [
        {
          identifier: licenseId,
          uri: licenseLink.uri,
          title: licenseLink.title,
          description: m.attribution,
          licenseText: m.license,
          lastChangeDateTime: changed,
        },
      ],
    },
  };
}

/**
 * A code outside the framework as a CASE link: UUID v5 of its list and code, the code and title as its title, and the
 * page of the agency that keeps the list as its URI (O*NET OnLine for SOC 2018 and O*NET-SOC occupations, the BLS
 * Employment Projections matrix for a grouping, NCES for CIP 2020, the Census Bureau for NAICS).
 */
function externalLink(
  list: 'soc' | 'cip' | 'naics',
  l: { code: string; title?: string; epGrouping?: true },
): CaseLink & { targetType: string } {
  const c = encodeURIComponent(l.code);
  const [kind, uri] =
    list === 'cip'
      ? ['CIP2020', `https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cip=${c}`]
      : list === 'naics'
        ? ['NAICS', `https://www.census.gov/naics/?input=${c}&year=2022&details=${c}`]
        : l.epGrouping
          ? ['BLSEmploymentProjections', `https://data.bls.gov/projections/nationalMatrix?queryParams=${c}&ioType=o`]
          : l.code.length > 7
            ? ['ONETSOC2019', `https://www.onetonline.org/link/summary/${c}`]
            : ['SOC2018', `https://www.onetonline.org/link/summary/${c}.00`];
  return {
    title: l.title ? `${l.code} ${l.title}` : l.code,
    identifier: caseId('external', `${kind}:${l.code}`),
    uri,
    targetType: `ext:${kind}`,
  };
}
