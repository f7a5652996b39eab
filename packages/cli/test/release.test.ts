import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '@ccf/core';
import { loadFramework, openSource } from '@ccf/core/node';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bumpBetween } from '../src/commands/release.js';
import { checkManifest, contentRepo, run, type GitRepo } from './publish-helpers.js';

let repo: GitRepo;
beforeEach(async () => {
  repo = await contentRepo();
});
afterEach(() => repo.cleanup());

const setVersion = (text: string, v: string): string => text.replace(/^version: .*$/m, `version: "${v}"`);
const file = (p: string): string => readFileSync(join(repo.dir, p), 'utf8');
const index = () =>
  JSON.parse(file('releases/index.json')) as {
    latest: string;
    releases: { version: string; previous?: string; bump?: string; forced?: string }[];
  };

/** Commits the fixture at a new version, with edits. */
async function next(version: string, changes: Record<string, string | null> = {}): Promise<void> {
  await repo.commit({ 'content/framework.md': setVersion(file('content/framework.md'), version), ...changes }, `content ${version}`);
}

const NEW_SUB = `---
id: roofing
title: Roofing
order: 3
provenance:
  status: VERIFIED
soc:
  - code: "47-2181.00"
    title: Roofers
---

Careers that put on, repair and replace the roofs of houses and other buildings, working at height.
`;

describe('ccf release', () => {
  it('makes the first release with a first-release changelog and an index', async () => {
    await next('1.0.0');
    const r = await run(repo.dir, ['release', '1.0.0']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Released Small "Test" Framework 1\.0\.0 to releases\/1\.0\.0\/: 11 files, .* \(first release\)$/m);
    const manifest = checkManifest(join(repo.dir, 'releases/1.0.0'));
    expect(manifest.version).toBe('1.0.0');
    expect(file('releases/1.0.0/CHANGELOG.md')).toMatch(
      /First release: the 2024 edition, 2 career clusters, 3 sub-clusters and 4 occupation links/,
    );
    expect(index()).toMatchObject({ latest: '1.0.0', releases: [{ version: '1.0.0', path: '1.0.0/' }] });
  });

  it('refuses to overwrite, to go backwards, a version framework.md does not give, and uncommitted content', async () => {
    await next('1.0.0');
    expect((await run(repo.dir, ['release', '1.0.0'])).code).toBe(0);
    const again = await run(repo.dir, ['release', '1.0.0']);
    expect([again.code, again.err]).toEqual([
      1,
      'ccf: releases/1.0.0 already exists: a release is never overwritten\nhint: Choose the next version.\n',
    ]);
    const back = await run(repo.dir, ['release', '0.9.0']);
    expect([back.code, back.err.split('\n')[0]]).toEqual([
      1,
      'ccf: Unexpected version 0.9.0, expected a version after 1.0.0 (the latest release) or after the latest release of an existing line: no release is on the 0.x line',
    ]);
    const mismatch = await run(repo.dir, ['release', '1.0.1']);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toMatch(
      /^ccf: Unexpected version 1\.0\.1, expected the version framework\.md gives \(1\.0\.0\)\nhint: Set `version: "1\.0\.1"`/,
    );
    writeFileSync(join(repo.dir, 'content/framework.md'), setVersion(file('content/framework.md'), '1.0.1'));
    const dirty = await run(repo.dir, ['release', '1.0.1']);
    expect([dirty.code, dirty.err.split('\n')[0]]).toEqual([
      1,
      'ccf: the content has uncommitted changes: a release must come from a commit',
    ]);
    expect((await run(repo.dir, ['release', 'v1'])).code).toBe(2);
    expect(existsSync(join(repo.dir, 'releases/1.0.1'))).toBe(false);
  });

  // The CLI's own regex accepted a numeric pre-release with a leading zero; semver (isVersion in @ccf/core) does not.
  it.each(['1.0.0-01', '1.0.0-rc.01', 'v1.0.0', '1.0', '1.0.0+build'])('refuses the version %j before reading anything', async (v) => {
    const r = await run(repo.dir, ['release', v]);
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, `ccf: Unexpected version \`${v}\`, expected a semantic version such as 2.0.0`]);
    expect(existsSync(join(repo.dir, 'releases', v))).toBe(false);
  });

  it('writes the changelog and crosswalk against the previous release, and checks the bump', async () => {
    await next('1.0.0');
    expect((await run(repo.dir, ['release', '1.0.0'])).code).toBe(0);
    await repo.commit({ 'releases/.keep': '' }, 'release 1.0.0');

    // Adding a sub-cluster is a minor change.
    await next('1.1.0', { 'content/clusters/at-home/roofing.md': NEW_SUB });
    const minor = await run(repo.dir, ['release', '1.1.0']);
    expect(minor.err).toBe('');
    expect(minor.code).toBe(0);
    expect(minor.out).toMatch(/changes since 1\.0\.0, minor bump\)/);
    expect(file('releases/1.1.0/CHANGELOG.md')).toMatch(/Compared with 1\.0\.0: this release needs a \*\*minor\*\* version bump/);
    expect(file('releases/1.1.0/CHANGELOG.md')).toMatch(/Roofing/);
    const crosswalk = parse(file('releases/1.1.0/crosswalk.csv'), { columns: true, bom: true }) as Record<string, string>[];
    expect(crosswalk.find((r) => r.toId === 'roofing')).toMatchObject({ fromId: '', relation: 'new' });
    expect(crosswalk.find((r) => r.fromId === 'plumbing')).toMatchObject({ toId: 'plumbing', relation: 'unchanged' });
    expect(file('releases/1.1.0/crosswalk.sssom.tsv')).toMatch(/roofing/);
    // The feeds beside the index follow it: one entry per release, counts by change kind, dates from the index.
    const pinned = index().releases as { version: string; manifestSha256: string; date: string }[];
    const versions = JSON.parse(file('releases/versions.json')) as { latest: string; versions: Record<string, { manifestSha256: string }> };
    expect(versions.latest).toBe('1.1.0');
    expect(Object.entries(versions.versions).map(([v, e]) => [v, e.manifestSha256])).toEqual(
      pinned.map((r) => [r.version, r.manifestSha256]),
    );
    const feed = JSON.parse(file('releases/feed.json')) as { items: { _ccf: { version: string; changes: Record<string, number> } }[] };
    expect(feed.items.map((i) => [i._ccf.version, i._ccf.changes])).toEqual([
      ['1.1.0', { added: 1 }],
      ['1.0.0', {}],
    ]);
    const atom = file('releases/releases.atom');
    expect(atom.match(/<entry>/g)).toHaveLength(2);
    expect(atom).toContain(`<updated>${new Date(pinned[1]!.date).toISOString()}</updated>`);
    expect(minor.out).toMatch(/releases\.atom, feed\.json, versions\.json beside it/);
    expect(checkManifest(join(repo.dir, 'releases/1.1.0')).files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['CHANGELOG.md', 'crosswalk.csv', 'crosswalk.sssom.tsv', 'crosswalk.svg', 'framework.xlsx']),
    );
    // The flow diagram beside the changelog, linked from it, and labelled for a screen reader.
    expect(file('releases/1.1.0/CHANGELOG.md')).toContain('The change as a flow diagram: [crosswalk.svg](crosswalk.svg).');
    expect(file('releases/1.1.0/crosswalk.svg')).toMatch(
      /^<svg [^>]*role="img" aria-labelledby="flow-title flow-desc"[\s\S]*>@Home Services, Repair &amp; Care<\/text>/,
    );
    const workbook = await JSZip.loadAsync(readFileSync(join(repo.dir, 'releases/1.1.0/framework.xlsx')));
    const sheets = [...(await workbook.file('xl/workbook.xml')!.async('string')).matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(sheets).toEqual(['clusters', 'subclusters', 'occupations', 'programs', 'industries', 'crosswalk', 'About']);
    expect(index().releases.map((r) => [r.version, r.previous, r.bump])).toEqual([
      ['1.0.0', undefined, undefined],
      ['1.1.0', '1.0.0', 'minor'],
    ]);
    await repo.commit({}, 'release 1.1.0');

    // Removing one is breaking: a minor version is refused unless forced with a reason.
    await next('1.2.0', { 'content/clusters/at-home/roofing.md': null });
    const refused = await run(repo.dir, ['release', '1.2.0']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^ccf: Unexpected minor release 1\.2\.0, expected a major release: the changes since 1\.1\.0 need it/);
    expect((await run(repo.dir, ['release', '1.2.0', '--force'])).code).toBe(2);
    const forced = await run(repo.dir, ['release', '1.2.0', '--force', '--reason', 'Roofing was published by mistake']);
    expect(forced.code).toBe(0);
    expect(index()).toMatchObject({ latest: '1.2.0' });
    expect(index().releases.at(-1)).toMatchObject({ version: '1.2.0', bump: 'major', forced: 'Roofing was published by mistake' });

    // Every release stays a source after content/ moves on.
    const old = await loadFramework(openSource('@1.1.0', { repoRoot: repo.dir }));
    expect(old.framework.nodes.has('roofing')).toBe(true);
  });
});

describe('ccf release with change-rule levels', () => {
  it('checks the version against the bump the configured levels ask for', async () => {
    await next('1.0.0');
    expect((await run(repo.dir, ['release', '1.0.0'])).code).toBe(0);
    await repo.commit({ 'releases/.keep': '' }, 'release 1.0.0');
    await next('1.0.1', { 'content/clusters/at-home/roofing.md': NEW_SUB });
    // By default a new sub-cluster is notable: a patch release is refused.
    expect((await run(repo.dir, ['release', '1.0.1'])).err).toMatch(/expected a minor release/);
    writeFileSync(join(repo.dir, 'ccf.config.json'), JSON.stringify({ changes: { 'node-added': 'editorial' } }));
    const patch = await run(repo.dir, ['release', '1.0.1']);
    expect([patch.code, patch.err]).toEqual([0, '']);
    expect(index().releases.at(-1)).toMatchObject({ version: '1.0.1', bump: 'patch' });
    expect(file('releases/1.0.1/CHANGELOG.md')).toMatch(/needs a \*\*patch\*\* version bump/);
  });
});

describe('versions', () => {
  it('orders by semver precedence, pre-releases first', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta.11',
      '1.0.0-beta.2',
      '0.9.9',
      '10.0.0',
      '2.0.0',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '10.0.0',
    ]);
  });
  it('names the bump between two versions', () => {
    expect([
      bumpBetween('1.2.3', '2.0.0'),
      bumpBetween('1.2.3', '1.3.0'),
      bumpBetween('1.2.3', '1.2.4'),
      bumpBetween('1.2.3', '1.2.3'),
    ]).toEqual(['major', 'minor', 'patch', 'none']);
  });
});
