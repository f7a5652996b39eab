import { CASE_API_PATH, siteBaseUrl } from '@ccf/core';
import { Hono, type Context } from 'hono';
import { associationRecord, caseIndex, documentRecord, itemAssociations, itemRecord, type CaseIndex } from '../case.js';
import { caseOpenApi, CASE_DISCOVERY_FILE } from '../case-openapi.js';
import { jsonDoc, JSON_TYPE } from '../doc.js';
import { headersFor, reply } from '../headers.js';
import type { SnapshotState } from '../state.js';
import type { Snapshot, Store } from '../store.js';

export interface CaseRoutesOptions {
  store: Store;
  state: SnapshotState;
  /** Path prefix of every link, ending in `/`. */
  base: string;
}

/** The codeMinor values CASE 1.1 defines for an imsx_StatusInfo (those ccf sends). */
export type ImsxCodeMinor =
  | 'invalid_selection_field'
  | 'invalid_sort_field'
  | 'invalid_uuid'
  | 'unknownobject'
  | 'forbidden'
  | 'server_busy'
  | 'internal_server_error';

/** An imsx_StatusInfo body: CASE's error payload (codeMajor failure, severity error, one codeMinor field). */
export function imsxStatusInfo(description: string, codeMinor: ImsxCodeMinor, field = 'sourcedId'): Record<string, unknown> {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: field, imsx_codeMinorFieldValue: codeMinor }] },
  };
}

/** The codeMinor an HTTP error status stands for, for errors raised before a CASE route runs (guards, 404). */
export function codeMinorOf(status: number): ImsxCodeMinor {
  if (status === 404) return 'unknownobject';
  if (status === 400 || status === 414) return 'invalid_selection_field';
  if (status === 403 || status === 405 || status === 421) return 'forbidden';
  if (status === 503) return 'server_busy';
  return 'internal_server_error';
}

/** Raised inside the CASE routes: answered as an imsx_StatusInfo with this status. */
class CaseError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly codeMinor: ImsxCodeMinor,
    message: string,
    readonly field = 'sourcedId',
  ) {
    super(message);
  }
}

/** A CASE identifier: a UUID (RFC 4122 version 1–5), as the binding's sourcedId pattern requires. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The CFDocumentDType properties getAllCFDocuments may sort, filter and select on. */
const DOCUMENT_FIELDS = [
  'identifier',
  'uri',
  'frameworkType',
  'caseVersion',
  'creator',
  'title',
  'lastChangeDateTime',
  'officialSourceURL',
  'publisher',
  'description',
  'subject',
  'subjectURI',
  'language',
  'version',
  'adoptionStatus',
  'statusStartDate',
  'statusEndDate',
  'licenseURI',
  'notes',
  'extensions',
  'CFPackageURI',
] as const;
/** Properties with a text value (or a list of texts): what sort and filter compare. */
const SCALAR_FIELDS = new Set<string>(
  DOCUMENT_FIELDS.filter((f) => !['subjectURI', 'licenseURI', 'extensions', 'CFPackageURI'].includes(f)),
);
const ALL_FIELDS = new Set<string>(DOCUMENT_FIELDS);
const LIST_PARAMS = ['limit', 'offset', 'sort', 'orderBy', 'filter', 'fields'] as const;
const DEFAULT_LIMIT = 100;

type Predicate = (doc: Record<string, unknown>) => boolean;

/**
 * A filter of the 1EdTech REST bindings: `field<op>'value'` with =, !=, >, >=, <, <=, ~ (contains), joined by
 * ` AND ` or ` OR ` (one of them, not both). Values compare as text; a list field matches when one element does.
 */
function parseFilter(filter: string): Predicate {
  const bad = (why: string): CaseError =>
    new CaseError(400, 'invalid_selection_field', `Unexpected filter \`${filter.slice(0, 200)}\`: ${why}`, 'filter');
  const hasAnd = / AND /.test(filter);
  const hasOr = / OR /.test(filter);
  if (hasAnd && hasOr) throw bad('expected either AND or OR, not both');
  const parts = filter.split(hasOr ? ' OR ' : ' AND ');
  const tests = parts.map((part): Predicate => {
    const m = /^\s*([A-Za-z]+)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*$/.exec(part);
    if (!m) throw bad(`expected field<op>'value' with one of = != > >= < <= ~`);
    const [, field, op, raw] = m as unknown as [string, string, string, string];
    if (!SCALAR_FIELDS.has(field)) throw bad(`\`${field}\` is not a text field of CFDocument`);
    const value = raw.replaceAll("''", "'");
    const one = (v: string): boolean => {
      switch (op) {
        case '=':
          return v === value;
        case '!=':
          return v !== value;
        case '>':
          return v > value;
        case '>=':
          return v >= value;
        case '<':
          return v < value;
        case '<=':
          return v <= value;
        default:
          return v.toLowerCase().includes(value.toLowerCase());
      }
    };
    return (doc) => {
      const v = doc[field];
      if (Array.isArray(v)) return v.some((e) => typeof e === 'string' && one(e));
      return typeof v === 'string' ? one(v) : op === '!=';
    };
  });
  return hasOr ? (doc) => tests.some((t) => t(doc)) : (doc) => tests.every((t) => t(doc));
}

/** One value of a query parameter; a repeated parameter is refused (which one would count is a guess). */
function single(c: Context, name: string): string | undefined {
  const all = c.req.queries(name);
  if (!all) return undefined;
  if (all.length > 1)
    throw new CaseError(400, 'invalid_selection_field', `Unexpected repeated parameter \`${name}\`, expected it once`, name);
  return all[0];
}

function count(c: Context, name: string, min: number, fallback: number): number {
  const raw = single(c, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min)
    throw new CaseError(
      400,
      'invalid_selection_field',
      `Unexpected ${name} \`${raw.slice(0, 40)}\`, expected a whole number of at least ${min}`,
      name,
    );
  return Number(raw);
}

/** The CASE 1.1 REST binding (read operations) over the records of every release, mounted at `/ims/case/v1p1`. */
export function caseRoutes({ store, state, base }: CaseRoutesOptions): Hono {
  const indexes = new WeakMap<Snapshot, CaseIndex>();
  const indexOf = (s: Snapshot): CaseIndex => {
    let index = indexes.get(s);
    if (!index) indexes.set(s, (index = caseIndex(s.releases)));
    return index;
  };
  const siteOf = (s: Snapshot): string => siteBaseUrl(s.framework.meta.baseUrl);
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof CaseError) return imsx(c, err.status, imsxStatusInfo(err.message, err.codeMinor, err.field));
    // No stack traces to users: the details stay on the server.
    console.error(err);
    return imsx(c, 500, imsxStatusInfo('Something went wrong on the server; try again.', 'internal_server_error'));
  });

  const sourcedId = (c: Context): string => {
    const raw = c.req.param('sourcedId') ?? '';
    if (!UUID.test(raw)) throw new CaseError(400, 'invalid_uuid', `Unexpected identifier \`${raw.slice(0, 100)}\`, expected a UUID`);
    return raw.toLowerCase();
  };
  /** A GET of one record by identifier: 404 unknownobject when no release holds it. */
  const one = (collection: string, name: string, find: (index: CaseIndex, id: string, s: Snapshot) => unknown): void => {
    app.get(`/${collection}/:sourcedId`, async (c) => {
      const id = sourcedId(c);
      const s = store.snapshot();
      const doc = await state.cached(s, `case:${collection}/${id}`, async () => {
        const record = find(indexOf(s), id, s);
        if (record === undefined)
          throw new CaseError(404, 'unknownobject', `Unexpected ${name} identifier \`${id}\`, expected one a release published`);
        return jsonDoc(record);
      });
      return reply(c, doc);
    });
  };

  one('CFDocuments', 'CFDocument', (index, id, s) => documentRecord(index, id, siteOf(s)));
  one('CFPackages', 'CFPackage (CFDocument)', (index, id) => index.documents.get(id)?.pkg);
  one('CFItems', 'CFItem', itemRecord);
  one('CFItemAssociations', 'CFItem', itemAssociations);
  one('CFAssociations', 'CFAssociation', associationRecord);
  one('CFAssociationGroupings', 'CFAssociationGrouping', (index, id) => index.definitions.CFAssociationGroupings.get(id)?.record);
  one('CFLicenses', 'CFLicense', (index, id) => index.definitions.CFLicenses.get(id)?.record);
  // The binding answers these three with a set: the record first, then the ones below it in its hierarchy
  // (ccf's types, concepts and subjects have none below them).
  one('CFItemTypes', 'CFItemType', (index, id) => {
    const held = index.definitions.CFItemTypes.get(id);
    return held && { CFItemTypes: [held.record] };
  });
  one('CFConcepts', 'CFConcept', (index, id) => {
    const held = index.definitions.CFConcepts.get(id);
    return held && { CFConcepts: [held.record] };
  });
  one('CFSubjects', 'CFSubject', (index, id) => {
    const held = index.definitions.CFSubjects.get(id);
    return held && { CFSubjects: [held.record] };
  });

  const allDocuments = async (c: Context): Promise<Response> => {
    const s = store.snapshot();
    const limit = count(c, 'limit', 1, DEFAULT_LIMIT);
    const offset = count(c, 'offset', 0, 0);
    const sort = single(c, 'sort');
    if (sort !== undefined && !SCALAR_FIELDS.has(sort))
      throw new CaseError(
        400,
        'invalid_sort_field',
        `Unexpected sort \`${sort.slice(0, 60)}\`, expected a text field of CFDocument`,
        'sort',
      );
    const orderBy = single(c, 'orderBy');
    if (orderBy !== undefined && orderBy !== 'asc' && orderBy !== 'desc')
      throw new CaseError(
        400,
        'invalid_selection_field',
        `Unexpected orderBy \`${orderBy.slice(0, 20)}\`, expected asc or desc`,
        'orderBy',
      );
    const filterText = single(c, 'filter');
    const filter = filterText === undefined ? undefined : parseFilter(filterText);
    const fieldsText = single(c, 'fields');
    const fields = fieldsText?.split(',').map((f) => f.trim());
    const unknown = fields?.find((f) => !ALL_FIELDS.has(f));
    if (unknown !== undefined)
      throw new CaseError(
        400,
        'invalid_selection_field',
        `Unexpected field \`${unknown.slice(0, 60)}\`, expected a field of CFDocument`,
        'fields',
      );

    const index = indexOf(s);
    const site = siteOf(s);
    let docs = [...index.documents.keys()].map((id) => documentRecord(index, id, site)!);
    if (filter) docs = docs.filter(filter);
    const key = sort ?? 'identifier';
    const text = (d: Record<string, unknown>): string => {
      const v = d[key];
      return Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
    };
    docs.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0) || (a.identifier! < b.identifier! ? -1 : 1));
    if (orderBy === 'desc') docs.reverse();
    const total = docs.length;
    const page = docs
      .slice(offset, offset + limit)
      .map((d) => (fields ? Object.fromEntries(fields.filter((f) => f in d).map((f) => [f, d[f]])) : d));

    const link = (o: number): string => {
      const q = new URLSearchParams();
      for (const name of LIST_PARAMS) {
        const v = name === 'offset' ? String(o) : name === 'limit' ? String(limit) : single(c, name);
        if (v !== undefined) q.set(name, v);
      }
      return `<${base}${CASE_API_PATH}CFDocuments?${q.toString()}>`;
    };
    const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
    const links = [`${link(0)}; rel="first"`, `${link(last)}; rel="last"`];
    if (offset + limit < total) links.push(`${link(offset + limit)}; rel="next"`);
    if (offset > 0) links.push(`${link(Math.max(0, offset - limit))}; rel="prev"`);
    return reply(c, await jsonDoc({ CFDocuments: page }), 200, { 'X-Total-Count': String(total), Link: links.join(', ') });
  };
  app.get('/CFDocuments', allDocuments);
  // The name a static export writes the unfiltered list to (CFDocuments/ is a folder there).
  app.get('/CFDocuments.json', allDocuments);

  app.get(`/discovery/${CASE_DISCOVERY_FILE}`, async (c) => {
    const s = store.snapshot();
    return reply(c, await state.cached(s, 'case:discovery', () => jsonDoc(caseOpenApi(siteOf(s)))));
  });
  return app;
}

/** An imsx_StatusInfo answer, with the headers every answer of this path gets. */
export function imsx(c: Context, status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): Response {
  return c.body(`${JSON.stringify(body)}\n`, status as 400, {
    ...headersFor(c),
    'Cache-Control': 'no-store',
    'Content-Type': JSON_TYPE,
    ...extra,
  });
}
