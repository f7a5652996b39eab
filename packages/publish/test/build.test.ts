import { allNodes, allSubclusters, plainText } from '@ccf/core';
import { sha256 } from '@ccf/core/node';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Manifest, PublishedFramework } from '@ccf/core';
import { type CasePackage } from '../src/case.js';
import { buildRelease, PublishError } from '../src/index.js';
import { caseDocumentId, caseId, caseItemId, caseItemTypeId } from '../src/ids.js';
import { checkCaseReferences } from '../src/check.js';
import { cell, tables } from '../src/tables.js';
import { UNDATED } from '../src/case.js';
import {
  caseStrictProblems,
  COMMIT,
  decode,
  earlierOf,
  fixture,
  json,
  loadDir,
  repoContent,
  validateCase,
  validateDatapackage,
  validatePublished,
} from './helpers.js';

const small = await loadDir(fixture('small'));
const real = await loadDir(repoContent);
const [small2002] = await earlierOf(fixture('small'));
const [release1] = await earlierOf(repoContent);
/** Options for the small fixture: its derivedFrom ids are nodes of its 2002 edition. */
const options = { toolVersion: '9.9.9', earlier: [small2002!] };
const realOptions = { toolVersion: '9.9.9', earlier: [release1!] };

/**
 * Splits a list cell the way its column description tells a consumer to: a record with `;` between fields, the
 * space after each `;` ignored, an item in double quotes read as a CSV field is. csv-parse, not the writer's code.
 */
function list(text: string | undefined): string[] {
  return text ? ((parse(text, { delimiter: ';', ltrim: true }) as string[][])[0] ?? []) : [];
}

/** Reads a published CSV with csv-parse (an independent parser), undoing the formula neutralisation. */
function rows(bytes: Uint8Array | undefined): Record<string, string>[] {
  return (parse(decode(bytes), { columns: true, bom: true }) as Record<string, string>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v])),
  );
}

describe.each([
  ['fixture', small, options],
  ['content/', real, realOptions],
])('buildRelease on %s', async (_name, framework, options) => {
  const files = await buildRelease(framework, options);
  const nodes = allNodes(framework);
  const subclusters = allSubclusters(framework);
  const links = subclusters.flatMap((s) => s.soc.map((l) => ({ s, l })));

  it('writes every file, in name order', () => {
    expect([...files.keys()]).toEqual([
      'case.json',
      'clusters.csv',
      'datapackage.json',
      'framework.json',
      'framework.xlsx',
      'industries.csv',
      'manifest.json',
      'occupations.csv',
      'programs.csv',
      'subclusters.csv',
    ]);
  });

  it('is byte-identical when built again, framework.xlsx included', async () => {
    const again = await buildRelease(framework, options);
    for (const [name, bytes] of files) expect(sha256(again.get(name)!), name).toBe(sha256(bytes));
  });

  it('has a manifest whose sizes and hashes match the files, valid against its schema', () => {
    const manifest = json(files.get('manifest.json')) as Manifest;
    expect(validatePublished.manifest(manifest), JSON.stringify(validatePublished.manifest.errors)).toBe(true);
    expect(manifest.files.map((f) => f.path)).toEqual([...files.keys()].filter((n) => n !== 'manifest.json'));
    for (const f of manifest.files) {
      expect(f.bytes, f.path).toBe(files.get(f.path)!.byteLength);
      expect(f.sha256, f.path).toBe(sha256(files.get(f.path)!));
    }
    expect(manifest).toMatchObject({
      version: framework.meta.version,
      source: { commit: COMMIT, date: '2024-10-22T14:03:00Z' },
      tool: { name: 'ccf', version: '9.9.9' },
      license: framework.meta.license,
      attribution: framework.meta.attribution,
    });
  });

  it('writes framework.json valid against schemas/published, with every node, link and definition', () => {
    const fw = json(files.get('framework.json')) as PublishedFramework;
    expect(validatePublished.framework(fw), JSON.stringify(validatePublished.framework.errors, null, 1)).toBe(true);
    expect(fw.clusters.map((c) => c.id)).toEqual(framework.clusters.map((c) => c.id));
    const published = fw.clusters.flatMap((c) => [c, ...c.subclusters]);
    expect(published.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    for (const [i, n] of published.entries()) {
      expect(n.definition.markdown).toBe(nodes[i]!.definition);
      expect(n.definition.text).toBe(plainText(nodes[i]!.definition));
      expect(n.caseId).toBe(caseItemId(n.id));
    }
    expect(fw.clusters.flatMap((c) => c.subclusters).reduce((sum, s) => sum + s.soc.length, 0)).toBe(links.length);
  });

  it('writes CSVs that a second parser reads back: one row per node and per link', () => {
    for (const name of ['clusters.csv', 'subclusters.csv', 'occupations.csv']) {
      const text = decode(files.get(name));
      expect(text.endsWith('\r\n'), name).toBe(true);
      expect(text.replace(/"[^"]*"/g, '').includes('\n') && /[^\r]\n/.test(text.replace(/"[^"]*"/g, '')), name).toBe(false);
      expect(text.charCodeAt(0), name).not.toBe(0xfeff);
    }
    const clusters = rows(files.get('clusters.csv'));
    expect(clusters.map((r) => r.id)).toEqual(framework.clusters.map((c) => c.id));
    expect(clusters.map((r) => r.title)).toEqual(framework.clusters.map((c) => c.title));
    expect(clusters.map((r) => list(r.aliases))).toEqual(framework.clusters.map((c) => c.aliases));
    const subs = rows(files.get('subclusters.csv'));
    expect(subs.map((r) => [r.id, r.cluster_id, r.title])).toEqual(subclusters.map((s) => [s.id, s.parent, s.title]));
    expect(subs.map((r) => r.definition)).toEqual(subclusters.map((s) => plainText(s.definition)));
    const occ = rows(files.get('occupations.csv'));
    expect(occ).toHaveLength(links.length);
    const key = (a: string, b: string, c: string | undefined): string => `${a}|${b}|${c ?? ''}`;
    expect(new Set(occ.map((r) => key(r.subcluster_id!, r.soc_code!, r.soc_title)))).toEqual(
      new Set(links.map(({ s, l }) => key(s.id, l.code, l.title))),
    );
    expect(occ.filter((r) => r.ep_grouping === 'true').map((r) => key(r.subcluster_id!, r.soc_code!, ''))).toEqual(
      links.filter(({ l }) => l.epGrouping).map(({ s, l }) => key(s.id, l.code, '')),
    );
    // Programs and industries: one row per link, with the title the content gives.
    for (const [file, list, code, title] of [
      ['programs.csv', 'cip', 'cip_code', 'cip_title'],
      ['industries.csv', 'naics', 'naics_code', 'naics_title'],
    ] as const) {
      const got = rows(files.get(file));
      expect(new Set(got.map((r) => key(r.subcluster_id!, r[code]!, r[title])))).toEqual(
        new Set(subclusters.flatMap((s) => s[list].map((l) => key(s.id, l.code, l.title)))),
      );
      expect(got).toHaveLength(subclusters.reduce((n, s) => n + s[list].length, 0));
    }
    expect(subs.map((r) => list(r.naics))).toEqual(subclusters.map((s) => s.naics.map((l) => l.code)));
  });

  it('writes case.json valid against CASE 1.1, the stricter checks and our reference checks', () => {
    const pkg = json(files.get('case.json')) as CasePackage;
    expect(validateCase(pkg), JSON.stringify(validateCase.errors, null, 1)).toBe(true);
    expect(caseStrictProblems(pkg)).toEqual([]);
    expect(checkCaseReferences(pkg)).toEqual([]);
    expect(pkg.CFItems.map((i) => i.identifier)).toEqual(nodes.map((n) => caseItemId(n.id)));
    expect(pkg.CFItems.map((i) => i.CFItemType)).toEqual(
      nodes.map((n) => (n.type === 'cluster' ? framework.meta.terms.cluster : framework.meta.terms.subcluster)),
    );
    const childOf = pkg.CFAssociations.filter((a) => a.associationType === 'isChildOf');
    expect(childOf).toHaveLength(nodes.length);
    const lineage = pkg.CFAssociations.filter((a) => a.associationType === 'replacedBy');
    expect(lineage).toHaveLength(nodes.reduce((n, node) => n + node.derivedFrom.length, 0));
    for (const a of lineage) expect(a.originNodeURI.targetType).toBe('CASE');
    // Every SOC, CIP and NAICS link is an isRelatedTo to the code's page, marked as outside the package.
    const related = pkg.CFAssociations.filter((a) => a.associationType === 'isRelatedTo');
    expect(related).toHaveLength(subclusters.reduce((n, s) => n + s.soc.length + s.cip.length + s.naics.length, 0));
    for (const a of related)
      expect(a.destinationNodeURI.targetType).toMatch(/^ext:(?:SOC2018|ONETSOC2019|BLSEmploymentProjections|CIP2020|NAICS)$/);
    // Lineage ends are titled as people know the earlier node, and say which document holds it.
    const earlier = new Map(allNodes(options.earlier[0]!).map((n) => [caseItemId(n.id), n.title]));
    const earlierDocument = caseDocumentId(options.earlier[0]!.meta.id, options.earlier[0]!.meta.edition);
    for (const a of lineage) {
      expect(a.originNodeURI.title).toBe(earlier.get(a.originNodeURI.identifier));
      expect(a.extensions?.originCFDocumentURI).toEqual({
        title: `${options.earlier[0]!.meta.title} (${options.earlier[0]!.meta.edition} edition)`,
        identifier: earlierDocument,
        uri: `${framework.meta.baseUrl!.replace(/\/?$/, '/')}ims/case/v1p1/CFDocuments/${earlierDocument}`,
      });
    }
    expect(pkg.CFDefinitions.CFLicenses[0]!.licenseText).toBe(framework.meta.license);
  });

  it('gives every record a uri that is its CASE REST URL under baseUrl: <baseUrl>ims/case/v1p1/<collection>/<identifier>', () => {
    const pkg = json(files.get('case.json')) as CasePackage;
    const base = framework.meta.baseUrl!.replace(/\/?$/, '/');
    const expectUri = (record: { identifier: string; uri: string }, collection: string): void =>
      expect(record.uri).toBe(`${base}ims/case/v1p1/${collection}/${record.identifier}`);
    expectUri(pkg.CFDocument, 'CFDocuments');
    for (const i of pkg.CFItems) expectUri(i, 'CFItems');
    for (const a of pkg.CFAssociations) {
      expectUri(a, 'CFAssociations');
      // An end outside ccf (a SOC, CIP or NAICS code, ADR 0014) is the agency's page of the code, not a CASE record.
      for (const end of [a.originNodeURI, a.destinationNodeURI])
        if (!(end as { targetType?: string }).targetType?.startsWith('ext:'))
          expectUri(end, end.identifier === pkg.CFDocument.identifier ? 'CFDocuments' : 'CFItems');
    }
    for (const t of pkg.CFDefinitions.CFItemTypes) expectUri(t, 'CFItemTypes');
    for (const l of pkg.CFDefinitions.CFLicenses) expectUri(l, 'CFLicenses');
  });

  it('writes datapackage.json valid against Frictionless v2, describing every CSV as written', () => {
    const dp = json(files.get('datapackage.json')) as {
      resources: { path: string; bytes: number; hash: string; schema: { fields: { name: string }[] } }[];
    };
    expect(validateDatapackage(dp), JSON.stringify(validateDatapackage.errors, null, 1)).toBe(true);
    expect(dp.resources.map((r) => r.path)).toEqual([...tables.map((t) => t.path), 'framework.xlsx']);
    for (const r of dp.resources) {
      expect(r.bytes).toBe(files.get(r.path)!.byteLength);
      expect(r.hash).toBe(`sha256:${sha256(files.get(r.path)!)}`);
      if (r.path.endsWith('.xlsx')) continue;
      const header = (parse(decode(files.get(r.path)), { to_line: 1 }) as string[][])[0];
      expect(r.schema.fields.map((f) => f.name)).toEqual(header);
    }
  });
});

describe('buildRelease details', () => {
  it('writes a list as `a; b` a spreadsheet user reads, quoting an item that would split or start a formula', () => {
    const cases: [string[], string][] = [
      [[], ''],
      [['health-science'], 'health-science'],
      [['Banking', 'Credit'], 'Banking; Credit'],
      [['Banking; Credit', 'Loans'], '"Banking; Credit"; Loans'],
      [['the "new" one'], '"the ""new"" one"'],
      [[' padded', 'end ', ''], '" padded"; "end "; ""'],
      // The whole cell is what a spreadsheet runs: a first item that starts a formula gets the leading `'`.
      [['=1+1', 'b'], "'=1+1; b"],
      [['b', '=1+1'], 'b; =1+1'],
    ];
    for (const [items, text] of cases) {
      expect(cell(items), JSON.stringify(items)).toBe(text);
      expect(list(text.replace(/^'/, '')), text).toEqual(items);
    }
  });

  it('declares list columns as strings whose empty cell is an empty list, with the splitting rule in the description', async () => {
    const files = await buildRelease(small, options);
    const dp = json(files.get('datapackage.json')) as {
      resources: { name: string; schema: { fields: { name: string; type: string; description: string; missingValues?: string[] }[] } }[];
    };
    const aliases = dp.resources.find((r) => r.name === 'clusters')!.schema.fields.find((f) => f.name === 'aliases')!;
    expect(aliases).toMatchObject({ type: 'string', missingValues: [] });
    expect(aliases.description).toContain('separated by `; `');
    for (const r of dp.resources) for (const f of r.schema?.fields ?? []) expect(f.type, `${r.name}.${f.name}`).not.toBe('array');
  });

  it('neutralises cells a spreadsheet would run as formulas, and nothing else', async () => {
    const files = await buildRelease(small, options);
    const raw = parse(decode(files.get('clusters.csv')), { columns: true }) as Record<string, string>[];
    const home = raw.find((r) => r.id === 'at-home')!;
    expect(home.title).toBe("'@Home Services, Repair & Care");
    // A list cell is `a; b`; the formula item is quoted (it holds `"`), so the cell starts with `"` and is never run.
    expect(home.aliases).toBe('"=HYPERLINK(""http://evil.test"",""click"")"; -minus, with comma');
    expect(list(home.aliases)).toEqual(['=HYPERLINK("http://evil.test","click")', '-minus, with comma']);
    expect(raw.find((r) => r.id === 'zeta')!.definition).toBe("'=1+1 is how this definition starts.");
    const subs = parse(decode(files.get('subclusters.csv')), { columns: true }) as Record<string, string>[];
    expect(subs.find((r) => r.id === 'plumbing')!.definition).toMatch(/^Starts with a plus/);
    const occ = parse(decode(files.get('occupations.csv')), { columns: true }) as Record<string, string>[];
    // SOC codes start with a digit: never touched.
    expect(occ.map((r) => r.soc_code)).toEqual(['39-9011', '11-9013.00', '47-2152.00']);
    for (const table of [raw, subs, occ])
      for (const row of table) for (const v of Object.values(row)) expect(/^[=+\-@\t\r]/.test(v), v).toBe(false);
  });

  it('adds a byte order mark with excel, and says so in the datapackage', async () => {
    const files = await buildRelease(small, { ...options, excel: true });
    for (const t of tables) expect([...files.get(t.path)!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decode(files.get('datapackage.json'))).toContain('byte order mark');
    expect(sha256(files.get('framework.json')!)).toBe(sha256((await buildRelease(small, options)).get('framework.json')!));
  });

  it('takes the date from the source, then from the option, and never from the clock', async () => {
    const undated = { ...small, source: { label: 'x', kind: 'directory' as const } };
    const a = await buildRelease(undated, options);
    const manifest = json(a.get('manifest.json')) as Manifest;
    expect(manifest.source).toEqual({});
    expect((json(a.get('case.json')) as CasePackage).CFDocument.lastChangeDateTime).toBe(UNDATED);
    const b = await buildRelease(undated, { ...options, date: '2020-01-02T03:04:05+01:00' });
    expect((json(b.get('manifest.json')) as Manifest).source).toEqual({ date: '2020-01-02T02:04:05Z' });
    const c = await buildRelease(small, { ...options, date: '2020-01-02T03:04:05Z' });
    expect((json(c.get('manifest.json')) as Manifest).source.date).toBe('2024-10-22T14:03:00Z');
    await expect(buildRelease(undated, { ...options, date: '2020-01-02' })).rejects.toThrow(PublishError);
  });

  it('lists extra files in the manifest, and refuses unsafe names', async () => {
    const files = await buildRelease(small, { ...options, extraFiles: { 'CHANGELOG.md': '# 2.1.0\n' } });
    expect(decode(files.get('CHANGELOG.md'))).toBe('# 2.1.0\n');
    expect((json(files.get('manifest.json')) as Manifest).files.map((f) => f.path)).toContain('CHANGELOG.md');
    for (const name of ['../x', 'a/b', 'manifest.json', 'case.json', '.hidden'])
      await expect(buildRelease(small, { ...options, extraFiles: { [name]: 'x' } }), name).rejects.toThrow(PublishError);
  });

  it('refuses a framework without baseUrl, or with one that is not https or names a placeholder host', async () => {
    const meta = { ...small.meta };
    delete meta.baseUrl;
    for (const [baseUrl, message] of [
      [undefined, /without baseUrl/],
      ['http://ccf.test/', /not an https URL/],
      ['https://ccf.example.org/', /placeholder host \(ccf\.example\.org\)/],
      ['https://EXAMPLE.com/x/', /placeholder host/],
    ] as const)
      await expect(
        buildRelease({ ...small, meta: { ...meta, ...(baseUrl ? { baseUrl } : {}) } }, options),
        String(baseUrl),
      ).rejects.toThrow(
        expect.objectContaining({
          code: 'PUBLISH_BASE_URL',
          message: expect.stringMatching(message),
          hint: expect.stringMatching(/framework\.md/),
        }),
      );
    // The option publishes an older version, whose framework.md named a placeholder, on today's site.
    const old = { ...small, meta: { ...meta, baseUrl: 'https://ccf.example.org/' } };
    const pkg = json((await buildRelease(old, { ...options, baseUrl: 'https://ccf.test/site' })).get('case.json')) as CasePackage;
    expect(pkg.CFItems[0]!.uri).toBe(`https://ccf.test/site/ims/case/v1p1/CFItems/${caseItemId('at-home')}`);
  });

  it('leaves out lineage to an id no version at hand has, rather than link to a slug that resolves nowhere', async () => {
    const pkg = json((await buildRelease(small, { toolVersion: '9.9.9' })).get('case.json')) as CasePackage;
    expect(pkg.CFAssociations.filter((a) => a.associationType === 'replacedBy')).toEqual([]);
    expect(validateCase(pkg)).toBe(true);
  });

  it('has one CFDocument per edition: the same in every release of an edition, another in another edition', async () => {
    const doc = async (fw: typeof small, o: typeof options) =>
      (json((await buildRelease(fw, o)).get('case.json')) as CasePackage).CFDocument;
    const v2024 = await doc(real, realOptions);
    const next = await doc({ ...real, meta: { ...real.meta, version: '2.1.0' } }, realOptions);
    const v2002 = await doc(release1!, { toolVersion: '9.9.9', earlier: [], baseUrl: real.meta.baseUrl! } as never);
    expect(next.identifier).toBe(v2024.identifier);
    expect(v2002.identifier).not.toBe(v2024.identifier);
    expect(v2024.identifier).toBe(caseDocumentId('national-career-clusters-framework', '2024'));
    expect([v2002.title, v2024.title]).toEqual([
      'National Career Clusters® Framework (2002 edition)',
      'National Career Clusters® Framework (2024 edition)',
    ]);
  });

  it('has one CFItemType per meaning: Career Cluster in both editions, Career Pathway and Sub-Cluster apart', async () => {
    const types = async (fw: typeof small, o: object) =>
      (json((await buildRelease(fw, { toolVersion: '9.9.9', ...o })).get('case.json')) as CasePackage).CFDefinitions.CFItemTypes;
    const [cluster2024, sub2024] = await types(real, realOptions);
    const [cluster2002, pathway2002] = await types(release1!, { baseUrl: real.meta.baseUrl! });
    expect(cluster2002).toEqual({ ...cluster2024, lastChangeDateTime: cluster2002!.lastChangeDateTime });
    expect([pathway2002!.title, sub2024!.title]).toEqual(['Career Pathway', 'Sub-Cluster']);
    expect(pathway2002!.identifier).not.toBe(sub2024!.identifier);
    expect(new Set([cluster2024, sub2024, pathway2002].map((t) => t!.identifier)).size).toBe(3);
    expect(sub2024!.identifier).toBe(caseItemTypeId('subcluster', 'Sub-Cluster'));
  });

  it('keeps CASE identifiers stable: they are UUID v5 of the fixed namespace and the id', () => {
    // Pinned: consumers store these. If this fails, the namespace or the scheme changed — never do that.
    expect(caseItemId('health-science')).toBe('c256026e-e803-5c5c-9900-eed36486e7ca');
    expect(caseId('document', 'national-career-clusters-framework')).toBe('8236237e-3d98-5acd-a22b-d94c20a04c60');
    // Since 2.1.0 (ADR 0016): one document per edition, one item type per meaning. Pinned likewise.
    expect(caseDocumentId('national-career-clusters-framework', '2002')).toBe('e5fa0d13-404c-536b-91a9-be8e6160485b');
    expect(caseDocumentId('national-career-clusters-framework', '2024')).toBe('916180f9-c2fa-5c3d-86f7-4f2773ba3c1f');
    expect(caseItemTypeId('cluster', 'Career Cluster')).toBe('fd1c9e10-505a-58c2-84d9-39f5c59e0f01');
    expect(caseItemTypeId('subcluster', 'Career Pathway')).toBe('61de1ab4-267a-5a2a-a02c-d030ffe27c3b');
    expect(caseItemTypeId('subcluster', 'Sub-Cluster')).toBe('6fcfb943-ccc3-530a-8cd0-c250c4d1bbfe');
  });
});

describe('checkCaseReferences', async () => {
  const pkg = json((await buildRelease(small, options)).get('case.json')) as CasePackage;
  it('finds a dangling destination, a second parent and a cycle', () => {
    const broken = structuredClone(pkg);
    const [a, b] = broken.CFAssociations.filter(
      (x) => x.associationType === 'isChildOf' && x.destinationNodeURI.identifier !== pkg.CFDocument.identifier,
    );
    a!.destinationNodeURI = { ...a!.destinationNodeURI, identifier: '00000000-0000-5000-8000-000000000000' };
    expect(checkCaseReferences(broken).join('\n')).toMatch(/not in the package/);
    const cyclic = structuredClone(pkg);
    const sub = cyclic.CFAssociations.find((x) => x.identifier === b!.identifier)!;
    const cluster = cyclic.CFAssociations.find((x) => x.originNodeURI.identifier === sub.destinationNodeURI.identifier)!;
    cluster.destinationNodeURI = sub.originNodeURI;
    expect(checkCaseReferences(cyclic).join('\n')).toMatch(/Cycle/);
    const twice = structuredClone(pkg);
    twice.CFAssociations.push({ ...sub, identifier: '00000000-0000-5000-8000-000000000001' });
    expect(checkCaseReferences(twice).join('\n')).toMatch(/two parents/);
  });
});
