import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@ccf/core/node';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Manifest, PublishedFramework } from '@ccf/core';
import { type CasePackage } from '../src/case.js';
import { checkCaseReferences } from '../src/check.js';
import { caseStrictProblems, validateCase, validateDatapackage, validatePublished } from './helpers.js';

const releases = new URL('../../../releases/', import.meta.url).pathname;
const dir = join(releases, '1.0.0');
const read = (name: string): Buffer => readFileSync(join(dir, name));
const readJson = <T>(name: string): T => JSON.parse(read(name).toString('utf8')) as T;
const csv = (name: string): Record<string, string>[] => parse(read(name), { columns: true }) as Record<string, string>[];

describe('releases/1.0.0 (the 2002 edition, committed)', () => {
  const manifest = readJson<Manifest>('manifest.json');

  it('has a manifest that matches every file, and the index pins the manifest', () => {
    expect(validatePublished.manifest(manifest)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const f of manifest.files) {
      expect(read(f.path).byteLength, f.path).toBe(f.bytes);
      expect(sha256(read(f.path)), f.path).toBe(f.sha256);
    }
    const index = JSON.parse(readFileSync(join(releases, 'index.json'), 'utf8')) as {
      releases: { version: string; manifestSha256: string }[];
    };
    expect(validatePublished.index(index), JSON.stringify(validatePublished.index.errors)).toBe(true);
    expect(index.releases.find((r) => r.version === '1.0.0')!.manifestSha256).toBe(sha256(read('manifest.json')));
    expect(manifest).toMatchObject({ version: '1.0.0', edition: '2002', source: { commit: expect.stringMatching(/^[0-9a-f]{40}$/) } });
  });

  it('has 16 clusters, 79 pathways and 1,033 SOC links in framework.json', () => {
    const fw = readJson<PublishedFramework>('framework.json');
    expect(validatePublished.framework(fw)).toBe(true);
    expect(fw.clusters).toHaveLength(16);
    expect(fw.clusters.flatMap((c) => c.subclusters)).toHaveLength(79);
    expect(fw.clusters.flatMap((c) => c.subclusters).reduce((n, s) => n + s.soc.length, 0)).toBe(1033);
  });

  it('has 16 clusters, 79 pathways and 1,033 SOC links in the CSVs', () => {
    expect(csv('clusters.csv')).toHaveLength(16);
    const subs = csv('subclusters.csv');
    expect(subs).toHaveLength(79);
    expect(subs.reduce((n, s) => n + Number(s.occupation_count), 0)).toBe(1033);
    const occ = csv('occupations.csv');
    expect(occ).toHaveLength(1033);
    expect(new Set(occ.map((r) => `${r.subcluster_id}|${r.soc_code}`)).size).toBe(1033);
  });

  it('has 16 clusters, 79 pathways in case.json, valid as CASE 1.1', () => {
    const pkg = readJson<CasePackage>('case.json');
    expect(validateCase(pkg)).toBe(true);
    expect(caseStrictProblems(pkg)).toEqual([]);
    expect(checkCaseReferences(pkg)).toEqual([]);
    expect(pkg.CFItems.filter((i) => i.CFItemType === 'Career Cluster')).toHaveLength(16);
    expect(pkg.CFItems.filter((i) => i.CFItemType === 'Career Pathway')).toHaveLength(79);
    expect(pkg.CFAssociations.filter((a) => a.associationType === 'isChildOf')).toHaveLength(95);
  });

  it('describes the three CSVs in datapackage.json, valid as Frictionless v2', () => {
    const dp = readJson<{ resources: { path: string; bytes: number; hash: string }[] }>('datapackage.json');
    expect(validateDatapackage(dp)).toBe(true);
    for (const r of dp.resources) expect(r.hash).toBe(`sha256:${sha256(read(r.path))}`);
  });
});
