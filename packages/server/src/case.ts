import { caseUrl, compareVersions } from '@ccf/core';
import type { Release } from './store.js';

// The CASE 1.1 records of every release, addressable by identifier (docs/decisions/0016-case-and-urls.md).
// A CASE identifier names one record across releases (an item keeps its identifier from release to release):
// the newest release that holds an identifier is the one served for it, so a `uri` of an older release still
// resolves, to the record's latest published state. The working content is not served here: what a CASE URI
// answers is what was released.

/** A CASE LinkURI / LinkGenURI: title, identifier, uri. */
export interface CaseLink {
  title: string;
  identifier: string;
  uri: string;
  targetType?: string;
}

type CaseRecord = Record<string, unknown> & { identifier: string; uri: string };
type CaseAssociationJson = CaseRecord & { originNodeURI: CaseLink; destinationNodeURI: CaseLink };

interface CasePackageJson {
  CFDocument: CaseRecord & { title: string; lastChangeDateTime?: string };
  CFItems?: CaseRecord[];
  CFAssociations?: CaseAssociationJson[];
  CFDefinitions?: Partial<Record<DefinitionKey, CaseRecord[]>>;
}

/** The definition collections of a CFPackage, keyed as in CFDefinitions. */
export const DEFINITION_KEYS = ['CFItemTypes', 'CFConcepts', 'CFSubjects', 'CFLicenses', 'CFAssociationGroupings'] as const;
type DefinitionKey = (typeof DEFINITION_KEYS)[number];

interface Held<T> {
  record: T;
  /** Index of the release it comes from, oldest first. */
  rank: number;
  /** The LinkURI of the CFDocument whose package holds it. */
  document: CaseLink;
}

/** Every CASE record the releases published, newest state per identifier. */
export interface CaseIndex {
  /** Releases whose case.json was read, oldest first. */
  versions: string[];
  documents: Map<string, Held<CasePackageJson['CFDocument']> & { pkg: CasePackageJson }>;
  items: Map<string, Held<CaseRecord>>;
  associations: Map<string, Held<CaseAssociationJson>>;
  definitions: Record<DefinitionKey, Map<string, Held<CaseRecord>>>;
  /** Releases whose case.json could not be read, with why: not served, reported by the lint page. */
  skipped: { version: string; problem: string }[];
}

const decoder = new TextDecoder();

/** Indexes the case.json of every release (a release with an integrity problem is skipped, as its files are). */
export function caseIndex(releases: readonly Release[]): CaseIndex {
  const ordered = [...releases].sort((a, b) => compareVersions(a.version, b.version));
  const index: CaseIndex = {
    versions: [],
    documents: new Map(),
    items: new Map(),
    associations: new Map(),
    definitions: {
      CFItemTypes: new Map(),
      CFConcepts: new Map(),
      CFSubjects: new Map(),
      CFLicenses: new Map(),
      CFAssociationGroupings: new Map(),
    },
    skipped: [],
  };
  for (const release of ordered) {
    const file = release.files.find((f) => f.name === 'case.json');
    if (!file || file.problem) continue;
    let pkg: CasePackageJson;
    try {
      pkg = JSON.parse(decoder.decode(file.bytes)) as CasePackageJson;
      if (typeof pkg?.CFDocument?.identifier !== 'string') throw new Error('no CFDocument identifier');
    } catch (error) {
      index.skipped.push({ version: release.version, problem: `case.json is not a CFPackage: ${(error as Error).message}` });
      continue;
    }
    const rank = index.versions.push(release.version) - 1;
    const doc = pkg.CFDocument;
    const document: CaseLink = { title: doc.title, identifier: doc.identifier, uri: doc.uri };
    index.documents.set(doc.identifier, { record: doc, rank, document, pkg });
    for (const item of pkg.CFItems ?? []) index.items.set(item.identifier, { record: item, rank, document });
    for (const a of pkg.CFAssociations ?? []) index.associations.set(a.identifier, { record: a, rank, document });
    for (const key of DEFINITION_KEYS)
      for (const d of pkg.CFDefinitions?.[key] ?? []) index.definitions[key].set(d.identifier, { record: d, rank, document });
  }
  return index;
}

/** The CFDocumentDType of getCFDocument / getAllCFDocuments: the package's document and its CFPackageURI. */
export function documentRecord(index: CaseIndex, id: string, baseUrl: string): Record<string, unknown> | undefined {
  const held = index.documents.get(id);
  if (!held) return undefined;
  return {
    ...held.record,
    CFPackageURI: { title: held.record.title, identifier: id, uri: caseUrl(baseUrl, 'CFPackages', id) },
  };
}

/** The CFItemDType of getCFItem: the package item and the document it belongs to. */
export function itemRecord(index: CaseIndex, id: string): Record<string, unknown> | undefined {
  const held = index.items.get(id);
  return held && { ...held.record, CFDocumentURI: held.document };
}

/** The CFAssociationDType of getCFAssociation. */
export function associationRecord(index: CaseIndex, id: string): Record<string, unknown> | undefined {
  const held = index.associations.get(id);
  return held && { ...held.record, CFDocumentURI: held.document };
}

/**
 * The CFAssociationSetDType of getCFItemAssociations: the item and every association with it at either end, as
 * of the item's newest release (and links later releases make to it, such as a later edition's `replacedBy`).
 */
export function itemAssociations(index: CaseIndex, id: string): { CFItem: Record<string, unknown>; CFAssociations: unknown[] } | undefined {
  const item = index.items.get(id);
  if (!item) return undefined;
  const CFAssociations = [...index.associations.values()]
    .filter((a) => a.rank >= item.rank && (a.record.originNodeURI?.identifier === id || a.record.destinationNodeURI?.identifier === id))
    .map((a) => a.record);
  return { CFItem: { ...item.record, CFDocumentURI: item.document }, CFAssociations };
}
