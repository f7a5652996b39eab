// Issue 13 part 5: `ccf serve` is a CASE 1.1 provider. Every `uri` of every case.json (releases 1.0.0 and 2.0.0 as
// committed, and a fresh build of content/ released on top of them) resolves on the live app to its record, and
// every answer is valid against the official CASE 1.1 schema (ADR 0016).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseUrl, type Framework } from '@ccf/core';
import { directorySource, loadFramework, openSource } from '@ccf/core/node';
import { lint } from '@ccf/lint';
import { buildRelease } from '@ccf/publish';
import { createApp, type Release, type Snapshot } from '@ccf/server';
import { readReleases } from '@ccf/server/node';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: object) => void;
const repoRoot = new URL('../', import.meta.url).pathname;
const decoder = new TextDecoder();
const CASE = 'ims/case/v1p1/';

// The official CFPackage schema (2019-09); its $defs are the package forms of each record.
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/external/case-v1p1-cfpackage.schema.json'), 'utf8')) as {
  $id: string;
};
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema);
const validatorOf = (def?: string) => ajv.getSchema(def ? `${schema.$id}#/$defs/${def}` : schema.$id)!;
function expectValid(value: unknown, def?: string): void {
  const validate = validatorOf(def);
  expect(validate(value) ? [] : validate.errors, def ?? 'CFPackage').toEqual([]);
}

const content = await loadFramework(directorySource(join(repoRoot, 'content')));
const committed = await readReleases(join(repoRoot, 'releases'));
const release1 = (await loadFramework(openSource('@1.0.0', { repoRoot }))).framework;

/** content/ built as the release after the committed ones, held in memory. */
async function freshRelease(framework: Framework, earlier: Framework[]): Promise<Release> {
  const files = await buildRelease(framework, { toolVersion: '0.0.0', earlier, date: '2026-12-01T00:00:00Z' });
  const bytes = files.get('case.json')!;
  return { version: '9.0.0', files: [{ name: 'case.json', bytes, etag: '"fresh"', type: 'application/json; charset=utf-8' }] };
}
const fresh = await freshRelease(content.framework, [release1]);
const releases = [fresh, ...committed];
const snapshot: Snapshot = { generation: 1, framework: content.framework, diagnostics: lint(content), releases };
const app = createApp({ snapshot: () => snapshot });
const get = (path: string, init?: RequestInit) => app.request(`http://localhost${path}`, init);

interface Pkg {
  CFDocument: Rec;
  CFItems: Rec[];
  CFAssociations: Rec[];
  CFDefinitions: Record<string, Rec[]>;
}
type Rec = Record<string, unknown> & { identifier: string; uri: string };
const packages = new Map(
  releases.map((r) => [r.version, JSON.parse(decoder.decode(r.files.find((f) => f.name === 'case.json')!.bytes)) as Pkg]),
);
/** Newest first, as the snapshot keeps them: the first release that holds an identifier is the one served. */
const order = releases.map((r) => r.version);

/** Every record of a package with the collection its uri names. */
function records(pkg: Pkg): { collection: string; record: Rec }[] {
  return [
    { collection: 'CFDocuments', record: pkg.CFDocument },
    ...pkg.CFItems.map((record) => ({ collection: 'CFItems', record })),
    ...pkg.CFAssociations.map((record) => ({ collection: 'CFAssociations', record })),
    ...Object.entries(pkg.CFDefinitions).flatMap(([collection, list]) => list.map((record) => ({ collection, record }))),
  ];
}

/** The record inside a getX answer: sets (types, concepts, subjects) hold it first. */
function unwrap(collection: string, body: Record<string, unknown>): Rec {
  const set = body[collection] as Rec[] | undefined;
  return ['CFItemTypes', 'CFConcepts', 'CFSubjects'].includes(collection) ? set![0]! : (body as Rec);
}

describe('every CASE uri resolves to its record', () => {
  for (const version of order) {
    it(`case.json of ${version === '9.0.0' ? 'a fresh build of content/' : version}`, async () => {
      const pkg = packages.get(version)!;
      const newer = order.slice(0, order.indexOf(version)).map((v) => packages.get(v)!);
      const list = records(pkg);
      expect(list.length).toBeGreaterThan(100);
      let own = 0;
      for (const { collection, record } of list) {
        // Each uri is resolved by its path under its own base: releases 1.0.0 and 2.0.0 name the placeholder host
        // their framework.md had (never rewritten); the path is what this provider answers.
        const at = record.uri.indexOf(CASE);
        expect(at, record.uri).toBeGreaterThan(0);
        expect(record.uri.slice(at + CASE.length)).toBe(`${collection}/${record.identifier}`);
        const res = await get(`/${record.uri.slice(at)}`);
        expect(res.status, record.uri).toBe(200);
        const served = unwrap(collection, (await res.json()) as Record<string, unknown>);
        expect(served.identifier).toBe(record.identifier);
        // Served as published unless a newer release holds the same identifier (then its newer state is).
        const superseded = newer.some((p) => records(p).some((r) => r.record.identifier === record.identifier));
        if (!superseded) {
          own++;
          // getCFDocument and getCFItem add the link to their package / document: the rest is the published record.
          const rest = Object.fromEntries(Object.entries(served).filter(([k]) => k !== 'CFDocumentURI' && k !== 'CFPackageURI'));
          expect(rest, record.uri).toEqual(record);
        }
      }
      // A release whose every record a newer package holds (content/ built fresh equals the latest release) is
      // served in that newer state: then that package is the same CASE document.
      if (own === 0) expect(newer.map((p) => p.CFDocument.identifier)).toContain(pkg.CFDocument.identifier);
      else expect(own).toBeGreaterThan(0);
    });
  }
});

describe('answers are valid CASE 1.1', () => {
  const pkg = packages.get('9.0.0')!;
  const doc = pkg.CFDocument.identifier;

  it('getCFPackage is a CFPackage; getCFDocument, getCFItem, getCFAssociation are their records with the link CASE adds', async () => {
    expectValid(await (await get(`/${CASE}CFPackages/${doc}`)).json());
    const { CFPackageURI, ...document } = (await (await get(`/${CASE}CFDocuments/${doc}`)).json()) as Rec;
    expectValid(document, 'CFPckgDocument');
    expectValid(CFPackageURI, 'LinkURI');
    expect((CFPackageURI as Rec).uri).toBe(caseUrl(content.framework.meta.baseUrl!, 'CFPackages', doc));
    const { CFDocumentURI, ...item } = (await (await get(`/${CASE}CFItems/${pkg.CFItems[0]!.identifier}`)).json()) as Rec;
    expectValid(item, 'CFPckgItem');
    expectValid(CFDocumentURI, 'LinkURI');
    expect((CFDocumentURI as Rec).identifier).toBe(doc);
    const { CFDocumentURI: d2, ...association } = (await (
      await get(`/${CASE}CFAssociations/${pkg.CFAssociations[0]!.identifier}`)
    ).json()) as Rec;
    expectValid(association, 'CFPckgAssociation');
    expectValid(d2, 'LinkURI');
  });

  it('getCFItemAssociations: the item and every association with it at either end', async () => {
    const cluster = pkg.CFItems[0]!.identifier;
    const body = (await (await get(`/${CASE}CFItemAssociations/${cluster}`)).json()) as { CFItem: Rec; CFAssociations: Rec[] };
    expect(body.CFItem.identifier).toBe(cluster);
    const expected = pkg.CFAssociations.filter(
      (a) => (a.originNodeURI as Rec).identifier === cluster || (a.destinationNodeURI as Rec).identifier === cluster,
    );
    expect(body.CFAssociations.map((a) => a.identifier).sort()).toEqual(expected.map((a) => a.identifier).sort());
    for (const a of body.CFAssociations) expectValid(a, 'CFPckgAssociation');
  });

  it('getCFItemType, getCFLicense: the definition records', async () => {
    const type = pkg.CFDefinitions.CFItemTypes![0]!;
    const types = (await (await get(`/${CASE}CFItemTypes/${type.identifier}`)).json()) as { CFItemTypes: Rec[] };
    expect(types.CFItemTypes[0]).toEqual(type);
    for (const t of types.CFItemTypes) expectValid(t, 'CFItemType');
    const license = pkg.CFDefinitions.CFLicenses![0]!;
    const served = await (await get(`/${CASE}CFLicenses/${license.identifier}`)).json();
    expect(served).toEqual(license);
    expectValid(served, 'CFLicense');
  });
});

describe('getAllCFDocuments', () => {
  const list = async (query: string) => {
    const res = await get(`/${CASE}CFDocuments${query}`);
    return { res, body: (await res.json()) as { CFDocuments: Rec[] } };
  };

  it('pages with limit and offset, counts in X-Total-Count and links pages in Link', async () => {
    const all = await list('');
    expect(all.res.status).toBe(200);
    // 1.0.0 and 2.0.0 share one CFDocument identifier (fixed by one per edition); the fresh build adds the 2024 one.
    const total = all.body.CFDocuments.length;
    const documents = new Set([...packages.values()].map((p) => p.CFDocument.identifier));
    expect(total).toBe(documents.size);
    expect(all.res.headers.get('X-Total-Count')).toBe(String(documents.size));
    for (const d of all.body.CFDocuments) {
      const { CFPackageURI, ...document } = d;
      expectValid(document, 'CFPckgDocument');
      expectValid(CFPackageURI, 'LinkURI');
    }
    const first = await list('?limit=1');
    expect(first.body.CFDocuments.map((d) => d.identifier)).toEqual([all.body.CFDocuments[0]!.identifier]);
    expect(first.res.headers.get('X-Total-Count')).toBe(String(total));
    expect(first.res.headers.get('Link')).toBe(
      `</${CASE}CFDocuments?limit=1&offset=0>; rel="first", </${CASE}CFDocuments?limit=1&offset=${total - 1}>; rel="last", ` +
        `</${CASE}CFDocuments?limit=1&offset=1>; rel="next"`,
    );
    const second = await list('?limit=1&offset=1');
    expect(second.body.CFDocuments.map((d) => d.identifier)).toEqual([all.body.CFDocuments[1]!.identifier]);
    expect(second.res.headers.get('Link')).toContain('rel="prev"');
    expect((await list('?offset=5')).body.CFDocuments).toEqual([]);
  });

  it('sorts (sort, orderBy), filters and selects fields', async () => {
    const asc = (await list('?sort=lastChangeDateTime&orderBy=asc')).body.CFDocuments.map((d) => d.lastChangeDateTime as string);
    expect(asc).toEqual([...asc].sort());
    const desc = (await list('?sort=lastChangeDateTime&orderBy=desc')).body.CFDocuments.map((d) => d.lastChangeDateTime);
    expect(desc).toEqual([...asc].reverse());
    const title = packages.get('9.0.0')!.CFDocument.title as string;
    const hit = await list(`?filter=${encodeURIComponent(`title='${title}'`)}`);
    expect(hit.body.CFDocuments.map((d) => d.title)).toEqual([title]);
    expect(hit.res.headers.get('X-Total-Count')).toBe('1');
    const contains = await list(`?filter=${encodeURIComponent("title~'2002' OR title~'2024'")}`);
    expect(contains.body.CFDocuments.length).toBeGreaterThanOrEqual(1);
    const some = await list('?fields=identifier,title');
    for (const d of some.body.CFDocuments) expect(Object.keys(d).sort()).toEqual(['identifier', 'title']);
  });
});

describe('errors are imsx_StatusInfo, 400 for a malformed request, never 500', () => {
  const status = async (path: string, init?: RequestInit) => {
    const res = await get(path, init);
    const body = (await res.json()) as {
      imsx_codeMajor: string;
      imsx_severity: string;
      imsx_codeMinor: { imsx_codeMinorField: { imsx_codeMinorFieldValue: string }[] };
    };
    expect(body.imsx_codeMajor).toBe('failure');
    expect(body.imsx_severity).toBe('error');
    return { status: res.status, minor: body.imsx_codeMinor.imsx_codeMinorField[0]!.imsx_codeMinorFieldValue };
  };
  const cases: [string, number, string][] = [
    [`/${CASE}CFItems/not-a-uuid`, 400, 'invalid_uuid'],
    [`/${CASE}CFDocuments/${'f'.repeat(8)}-ffff-ffff-ffff-${'f'.repeat(12)}`, 400, 'invalid_uuid'],
    [`/${CASE}CFItems/%00%ff`, 400, 'invalid_uuid'],
    [`/${CASE}CFSubjects/00000000-0000-4000-8000-000000000000`, 404, 'unknownobject'],
    [`/${CASE}CFConcepts/00000000-0000-4000-8000-000000000000`, 404, 'unknownobject'],
    [`/${CASE}CFAssociationGroupings/00000000-0000-4000-8000-000000000000`, 404, 'unknownobject'],
    [`/${CASE}CFPackages/00000000-0000-4000-8000-000000000000`, 404, 'unknownobject'],
    [`/${CASE}CFNope/00000000-0000-4000-8000-000000000000`, 404, 'unknownobject'],
    [`/${CASE}CFDocuments?limit=0`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?limit=-1`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?limit=1e3`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?offset=x`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?limit=1&limit=2`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?sort=nope`, 400, 'invalid_sort_field'],
    [`/${CASE}CFDocuments?orderBy=up`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?filter=title`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?filter=${encodeURIComponent("nope='x'")}`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?filter=${encodeURIComponent("title='a' AND title='b' OR title='c'")}`, 400, 'invalid_selection_field'],
    [`/${CASE}CFDocuments?fields=identifier,nope`, 400, 'invalid_selection_field'],
  ];
  for (const [path, code, minor] of cases)
    it(`${path} → ${code} ${minor}`, async () => {
      expect(await status(path)).toEqual({ status: code, minor });
    });
  it('a POST is 405 with an imsx_StatusInfo', async () => {
    expect(await status(`/${CASE}CFDocuments`, { method: 'POST' })).toEqual({ status: 405, minor: 'forbidden' });
  });
});

describe('discovery and access', () => {
  it('serves the discovery OpenAPI at the path the CASE 1.1 binding gives', async () => {
    const res = await get(`/${CASE}discovery/imscasev1p1_openapi3_v1p0.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, { get: { operationId: string } }>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.servers[0]!.url).toBe(`${content.framework.meta.baseUrl}ims/case/v1p1`);
    expect(
      Object.values(doc.paths)
        .map((p) => p.get.operationId)
        .sort(),
    ).toEqual(
      [
        'getAllCFDocuments',
        'getCFAssociation',
        'getCFAssociationGrouping',
        'getCFConcept',
        'getCFDocument',
        'getCFItem',
        'getCFItemAssociations',
        'getCFItemType',
        'getCFLicense',
        'getCFPackage',
        'getCFSubject',
      ].sort(),
    );
  });

  it('CASE records are published data: any site may read them (CORS), X-Total-Count and Link included', async () => {
    const res = await get(`/${CASE}CFDocuments`, {
      headers: { origin: 'https://consumer.test', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Total-Count');
  });
});
