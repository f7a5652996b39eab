// A state overlay published whole: every format carries each node's origin and base version, programs of study are
// included, framework.json matches the published schema, and case.json is a CASE derived framework — valid against
// the official CFPackage schema, its adopted items the national items (same identifiers and URIs). The base is
// release 1.0.1, the 2002 edition as ccf publishes CASE today (1.0.0 predates per-edition document identifiers).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { loadFramework, loadOverlay, readSchema, releaseSource } from '@ccf/core/node';
import { buildRelease } from '@ccf/publish';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: object) => void;
const repoRoot = new URL('../', import.meta.url).pathname;
const decoder = new TextDecoder();

const FILES: Record<string, string> = {
  'framework.md': `---
id: xs-career-clusters
title: Example State Career Clusters (fictional)
version: "1.0.0"
extends: "@1.0.1"
baseUrl: https://ccf-project.github.io/ccf/
state:
  code: XS
  name: Example State
  pseudoCip: "^\\\\d{2}\\\\.88\\\\d{2}$"
  regions:
    - { code: NW, title: Northwest }
---
`,
  'nodes/banking.md': '---\nid: banking-services\ntitle: Banking & Finance\nparent: xs-business\ncodes: { state: "06.02" }\n---\n',
  'nodes/securities.md': '---\nid: securities-investments\n---\nThe state’s own wording of this pathway.\n',
  'nodes/xs-business.md':
    '---\nid: xs-business\nkind: cluster\ntitle: Business & Finance\norder: 20\nderivedFrom: [finance]\n---\nBusiness.\n',
  'nodes/insurance.md': '---\nid: insurance\nhidden: { reason: Taught within Banking & Finance }\n---\n',
  'programs/accounting.md':
    '---\nid: xs-pos-accounting\ntitle: Accounting\nparent: accounting\ncip: ["52.0301", "52.8801"]\ncourses: [{ code: "13016200", title: Principles of Business }]\nscope: { regional: [NW] }\n---\n',
};

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function overlay(files: Record<string, string> = FILES): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccf-overlay-publish-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, 'state', path)), { recursive: true });
    await writeFile(join(dir, 'state', path), text);
  }
  return dir;
}
async function ccf(argv: string[], cwd: string) {
  const r = { out: '', err: '' };
  const io: Io = { cwd, env: { PATH: process.env.PATH }, isTTY: false, stdout: (t) => void (r.out += t), stderr: (t) => void (r.err += t) };
  return { code: await main(argv, io), ...r };
}

type Rec = Record<string, unknown> & { identifier: string; uri: string };
interface Pkg {
  CFDocument: Rec;
  CFItems: (Rec & { extensions: { ccfId: string; origin?: string } })[];
  CFAssociations: (Rec & { associationType: string; originNodeURI: Rec; destinationNodeURI: Rec })[];
}

async function published() {
  const dir = await overlay();
  const load = await loadOverlay(join(dir, 'state'), { repoRoot });
  expect(load.diagnostics).toEqual([]);
  const files = await buildRelease(load.framework, { toolVersion: '0.0.0', earlier: [load.base!], date: '2026-07-01T00:00:00Z' });
  const json = (name: string) => JSON.parse(decoder.decode(files.get(name)!)) as unknown;
  return { files, json, text: (name: string) => decoder.decode(files.get(name)!) };
}

describe('publishing a state overlay', () => {
  it('writes framework.json with origin and base version on every node, the programs and the overlay, valid against its schema', async () => {
    const { json } = await published();
    const fw = json('framework.json') as {
      overlay: { base: { version: string }; hidden: { id: string }[] };
      clusters: { id: string; origin: string; baseVersion?: string; subclusters: Record<string, unknown>[] }[];
    };
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addSchema(readSchema('common.schema.json'));
    ajv.addSchema(readSchema('framework.schema.json'));
    const validate = ajv.compile(readSchema('published/framework.schema.json'));
    expect(validate(fw) ? [] : validate.errors).toEqual([]);
    expect(fw.overlay.base.version).toBe('1.0.1');
    expect(fw.overlay.hidden.map((h) => h.id)).toEqual(['insurance']);
    const subs = fw.clusters.flatMap((c) => c.subclusters);
    for (const n of [...fw.clusters, ...subs]) expect(['national', 'modified', 'state']).toContain(n.origin);
    expect(subs.find((s) => s.id === 'banking-services')).toMatchObject({
      origin: 'modified',
      baseVersion: '1.0.1',
      parent: 'xs-business',
      stateChanges: ['title', 'codes', 'parent'],
    });
    expect(fw.clusters.find((c) => c.id === 'xs-business')).toMatchObject({ origin: 'state' });
    expect(fw.clusters.find((c) => c.id === 'xs-business')!.baseVersion).toBeUndefined();
    expect(subs.find((s) => s.id === 'accounting')).toMatchObject({
      origin: 'national',
      baseVersion: '1.0.1',
      programs: [{ id: 'xs-pos-accounting', cip: ['52.0301', '52.8801'], scope: { regional: ['NW'] }, origin: 'state' }],
    });
  });

  it('writes the CSV tables and the workbook with the state columns, and programs-of-study.csv in the data package', async () => {
    const { text, json, files } = await published();
    const clusters = text('clusters.csv').split('\r\n');
    expect(clusters[0]).toMatch(/,origin,base_version,state_changes,state_code,scope,effective_from,effective_until$/);
    expect(clusters.find((l) => l.startsWith('xs-business,'))).toMatch(/,state,,,,statewide,,$/);
    const subs = text('subclusters.csv').split('\r\n');
    expect(subs.find((l) => l.startsWith('banking-services,xs-business,'))).toMatch(
      /,modified,1\.0\.1,title; codes; parent,06\.02,statewide,,$/,
    );
    const programs = text('programs-of-study.csv').split('\r\n');
    expect(programs[0]).toBe(
      'id,subcluster_id,title,order,cip,courses,credentials,scope,effective_from,effective_until,description,case_id',
    );
    expect(programs[1]).toMatch(/^xs-pos-accounting,accounting,Accounting,,52\.0301; 52\.8801,13016200,,regional:NW,,,,/);
    const dp = json('datapackage.json') as { resources: { name: string; path: string }[] };
    expect(dp.resources.map((r) => r.name)).toContain('programs-of-study');
    expect(files.has('framework.xlsx')).toBe(true);
    const manifest = json('manifest.json') as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toContain('programs-of-study.csv');
  });

  it('writes case.json as a derived framework: valid CASE, adopted items alias the national items', async () => {
    const { json } = await published();
    const pkg = json('case.json') as Pkg;
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/external/case-v1p1-cfpackage.schema.json'), 'utf8')) as { $id: string };
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(pkg) ? [] : validate.errors).toEqual([]);

    const national = JSON.parse(readFileSync(join(repoRoot, 'releases/1.0.1/case.json'), 'utf8')) as Pkg;
    const nationalItem = new Map(national.CFItems.map((i) => [i.extensions.ccfId, i]));
    expect(pkg.CFDocument.identifier).not.toBe(national.CFDocument.identifier);
    expect((pkg.CFDocument.extensions as { derivedFrom: Rec }).derivedFrom.identifier).toBe(national.CFDocument.identifier);
    const item = new Map(pkg.CFItems.map((i) => [i.extensions.ccfId, i]));
    // Adopted: the national item itself, identifier and URI.
    expect(item.get('accounting')).toMatchObject({
      identifier: nationalItem.get('accounting')!.identifier,
      uri: nationalItem.get('accounting')!.uri,
    });
    // Changed or added: an item of the state's own, tied to the national one.
    const banking = item.get('banking-services')!;
    expect(banking.identifier).not.toBe(nationalItem.get('banking-services')!.identifier);
    const match = pkg.CFAssociations.find(
      (a) => a.originNodeURI.identifier === banking.identifier && a.associationType === 'exactMatchOf',
    )!;
    expect(match.destinationNodeURI).toMatchObject({
      identifier: nationalItem.get('banking-services')!.identifier,
      uri: nationalItem.get('banking-services')!.uri,
    });
    const securities = item.get('securities-investments')!;
    expect(
      pkg.CFAssociations.find(
        (a) =>
          a.originNodeURI.identifier === securities.identifier &&
          a.destinationNodeURI.identifier === nationalItem.get('securities-investments')!.identifier,
      )?.associationType,
    ).toBe('isRelatedTo');
    expect(item.has('insurance')).toBe(false);
    expect(item.get('xs-pos-accounting')).toMatchObject({ CFItemType: 'Program of Study' });
    // The state cluster continues the national cluster it was derived from.
    expect(
      pkg.CFAssociations.find(
        (a) => a.associationType === 'replacedBy' && a.destinationNodeURI.identifier === item.get('xs-business')!.identifier,
      )?.originNodeURI.identifier,
    ).toBe(nationalItem.get('finance')!.identifier);
    // Every association end that is an item of this package names it by its identifier and URI.
    const own = new Map(pkg.CFItems.map((i) => [i.identifier, i.uri]));
    for (const a of pkg.CFAssociations)
      for (const end of [a.originNodeURI, a.destinationNodeURI]) if (own.has(end.identifier)) expect(end.uri).toBe(own.get(end.identifier));
  });
});

describe('publishing a state overlay on release 1.0.0 (published before per-edition CASE documents)', () => {
  it('derives from the CFDocument 1.0.0 published, and its adopted and matched items are the items of that release', async () => {
    const dir = await overlay({ ...FILES, 'framework.md': FILES['framework.md']!.replace('extends: "@1.0.1"', 'extends: "@1.0.0"') });
    const build = async (): Promise<Pkg> => {
      const load = await loadOverlay(join(dir, 'state'), { repoRoot });
      expect(load.diagnostics).toEqual([]);
      const files = await buildRelease(load.framework, { toolVersion: '0.0.0', earlier: [load.base!], date: '2026-07-01T00:00:00Z' });
      return JSON.parse(decoder.decode(files.get('case.json')!)) as Pkg;
    };
    const pkg = await build();
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/external/case-v1p1-cfpackage.schema.json'), 'utf8')) as { $id: string };
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(pkg) ? [] : validate.errors).toEqual([]);

    const national = JSON.parse(readFileSync(join(repoRoot, 'releases/1.0.0/case.json'), 'utf8')) as Pkg;
    // Stable (the same on every build), the state's own, and derived from the very document 1.0.0 published.
    expect((await build()).CFDocument.identifier).toBe(pkg.CFDocument.identifier);
    expect(pkg.CFDocument.identifier).not.toBe(national.CFDocument.identifier);
    expect((pkg.CFDocument.extensions as { derivedFrom: Rec }).derivedFrom).toEqual({
      title: national.CFDocument.title,
      identifier: national.CFDocument.identifier,
      uri: national.CFDocument.uri,
    });
    const nationalItems = new Map(national.CFItems.map((i) => [i.identifier, i.uri]));
    const adopted = pkg.CFItems.filter((i) => i.extensions.origin === 'national');
    expect(adopted.length).toBeGreaterThan(50);
    for (const i of adopted) expect([i.extensions.ccfId, nationalItems.get(i.identifier)]).toEqual([i.extensions.ccfId, i.uri]);
    const matched = pkg.CFAssociations.filter((a) => a.associationType === 'exactMatchOf' || a.associationType === 'isRelatedTo');
    const toNational = matched.filter((a) => a.destinationNodeURI.targetType === 'CASE');
    expect(toNational.length).toBe(2);
    for (const a of toNational) expect(nationalItems.get(a.destinationNodeURI.identifier)).toBe(a.destinationNodeURI.uri);
    // The state cluster continues a national cluster: a reference into the 1.0.0 document.
    const lineage = pkg.CFAssociations.filter((a) => a.associationType === 'replacedBy');
    expect(lineage.length).toBe(1);
    expect(nationalItems.get(lineage[0]!.originNodeURI.identifier)).toBe(lineage[0]!.originNodeURI.uri);
    expect((lineage[0]!.extensions as { originCFDocumentURI: Rec }).originCFDocumentURI.identifier).toBe(national.CFDocument.identifier);
  });
});

describe('ccf publish <overlay>', () => {
  it('publishes the state framework in every format', async () => {
    const dir = await overlay();
    const r = await ccf(['publish', 'state', '--out', 'out', '--releases', join(repoRoot, 'releases')], dir);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const name of [
      'framework.json',
      'clusters.csv',
      'subclusters.csv',
      'programs-of-study.csv',
      'framework.xlsx',
      'case.json',
      'datapackage.json',
      'manifest.json',
    ])
      expect(existsSync(join(dir, 'out', name)), name).toBe(true);
    // The published folder reads back as the state framework, origins and programs included.
    const back = (await loadFramework(releaseSource(join(dir, 'out'), 'out', { anchor: 'manifest' }))).framework;
    expect(back.nodes.get('banking-services')).toMatchObject({ origin: 'modified', baseVersion: '1.0.1', parent: 'xs-business' });
    expect(back.nodes.get('accounting')).toMatchObject({
      origin: 'national',
      programs: [expect.objectContaining({ id: 'xs-pos-accounting' })],
    });
  });

  it('refuses an overlay with errors (a base that does not exist, a cycle), positioned, exit 1, nothing written', async () => {
    const dir = await overlay({
      ...FILES,
      'nodes/xs-a.md': '---\nid: xs-a\nkind: subcluster\ntitle: A\nparent: xs-b\n---\n',
      'nodes/xs-b.md': '---\nid: xs-b\nkind: subcluster\ntitle: B\nparent: xs-a\n---\n',
    });
    const r = await ccf(['publish', 'state', '--out', 'out', '--releases', join(repoRoot, 'releases')], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nodes/xs-a.md:5:1  error  Unexpected parent `xs-b` that leads back to `xs-a`');
    expect(existsSync(join(dir, 'out'))).toBe(false);

    await writeFile(join(dir, 'state/framework.md'), FILES['framework.md']!.replace('"@1.0.1"', '"@7.7.7"'));
    const missing = await ccf(['publish', 'state', '--out', 'out', '--releases', join(repoRoot, 'releases')], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('framework.md:5:10  error  Unexpected base `@7.7.7`');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
