import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFramework, openSource, readReleaseManifest, sha256 } from '@ccf/core/node';
import { readReleases } from '@ccf/server/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bin, checkManifest, contentRepo, run, type GitRepo } from './publish-helpers.js';

// ADR 0017: a release follows the latest release of its major line, so corrected files of an older edition ship as
// a maintenance release (1.0.1) after 2.0.0, without rewriting a release.

let repo: GitRepo;
/** The commit the 1.x line (the "2002 edition" of the fixture) was released from. */
let edition2002: string;

const file = (p: string): string => readFileSync(join(repo.dir, p), 'utf8');
const index = () =>
  JSON.parse(file('releases/index.json')) as {
    latest: string;
    releases: {
      version: string;
      edition: string;
      previous?: string;
      bump?: string;
      commit?: string;
      forced?: string;
      manifestSha256: string;
    }[];
  };
const meta = (text: string, version: string, edition: string): string =>
  text.replace(/^version: .*$/m, `version: "${version}"`).replace(/^edition: .*$/m, `edition: "${edition}"`);

const ROOFING = `---
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

/** Releases 1.0.0 (edition 2002), then 2.0.0 (edition 2024, a sub-cluster more), each committed: the repository's shape. */
beforeEach(async () => {
  repo = await contentRepo();
  edition2002 = await repo.commit({ 'content/framework.md': meta(file('content/framework.md'), '1.0.0', '2002') }, 'the 2002 edition');
  expect((await run(repo.dir, ['release', '1.0.0'])).code).toBe(0);
  await repo.commit({}, 'release 1.0.0');
  await repo.commit(
    { 'content/framework.md': meta(file('content/framework.md'), '2.0.0', '2024'), 'content/clusters/at-home/roofing.md': ROOFING },
    'the 2024 edition',
  );
  const r = await run(repo.dir, ['release', '2.0.0']);
  expect([r.code, r.err]).toEqual([0, '']);
  await repo.commit({}, 'release 2.0.0');
});
afterEach(() => repo.cleanup());

describe('ccf release on a maintenance line', () => {
  it('releases 1.0.1 from @1.0.0 after 2.0.0: placed on the 1.x line, compared with 1.0.0, and readable everywhere', async () => {
    // Uncommitted work in content/ does not matter: the content comes from the release.
    writeFileSync(join(repo.dir, 'content/framework.md'), file('content/framework.md') + '\nWork in progress.\n');
    // --notes by an absolute path outside the repository, as a releaser keeps a draft in /tmp.
    const notes = join(mkdtempSync(join(tmpdir(), 'ccf-notes-')), 'notes.md');
    writeFileSync(notes, 'Re-import `case.json`: its CFDocument identifier changed.\n');
    const r = await run(repo.dir, ['release', '1.0.1', '--from', '@1.0.0', '--notes', notes]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Released Small "Test" Framework 1\.0\.1 to releases\/1\.0\.1\/: .* \(0 changes since 1\.0\.0, none bump\)$/m);

    // The index stays in semver order with latest the highest; 1.0.1 follows 1.0.0, not 2.0.0.
    expect(file('releases/1.0.1/CHANGELOG.md')).toContain(
      '## What a consumer of 1.0.0 must do\n\nRe-import `case.json`: its CFDocument identifier changed.\n',
    );
    expect(index().latest).toBe('2.0.0');
    expect(index().releases.map((e) => [e.version, e.edition, e.previous, e.bump])).toEqual([
      ['1.0.0', '2002', undefined, undefined],
      ['1.0.1', '2002', '1.0.0', 'none'],
      ['2.0.0', '2024', '1.0.0', 'minor'],
    ]);
    // The version comes from the command, the content (and its commit) from the release.
    const manifest = checkManifest(join(repo.dir, 'releases/1.0.1'));
    expect([manifest.version, manifest.edition, manifest.source.commit]).toEqual(['1.0.1', '2002', edition2002]);
    expect(index().releases[1]!.commit).toBe(edition2002);

    // The changelog is against 1.0.0 and speaks of the files, not of content.
    const log = file('releases/1.0.1/CHANGELOG.md');
    expect(log).toMatch(/^The framework's content is the same as 1\.0\.0, the previous release of the 1\.x line: nothing changed in it\./m);
    expect(log).not.toMatch(/Roofing/);
    expect(log).toMatch(/## What changed in the files\n\nThe content is that of 1\.0\.0 \(commit [0-9a-f]{12}\), published again by ccf /);
    expect(log).toMatch(/^\| `crosswalk\.csv` \| new \|$/m);
    expect(log).toMatch(/^\| `framework\.json` \| changed \|$/m);
    expect(log).toMatch(
      /^Byte-identical to 1\.0\.0: `clusters\.csv`, `industries\.csv`, `occupations\.csv`, `programs\.csv`, `subclusters\.csv`\.$/m,
    );

    // The integrity chain holds: the index pins the manifest, the manifest every file.
    const pinned = await readReleaseManifest(join(repo.dir, 'releases/1.0.1'), '@1.0.1');
    expect(pinned.get('framework.json')?.sha256).toBe(sha256(readFileSync(join(repo.dir, 'releases/1.0.1/framework.json'))));
    expect(sha256(readFileSync(join(repo.dir, 'releases/1.0.1/manifest.json')))).toBe(index().releases[1]!.manifestSha256);

    // It is a source, and the server lists it, newest version first, with nothing failing its check.
    const back = await loadFramework(openSource('@1.0.1', { repoRoot: repo.dir }));
    expect([back.framework.meta.version, back.framework.meta.edition, back.framework.nodes.has('roofing')]).toEqual([
      '1.0.1',
      '2002',
      false,
    ]);
    const listed = await readReleases(join(repo.dir, 'releases'));
    expect(listed.map((l) => l.version)).toEqual(['2.0.0', '1.0.1', '1.0.0']);
    expect(listed.flatMap((l) => l.files.filter((f) => f.problem))).toEqual([]);

    // The next one on the line follows 1.0.1, from the commit 1.0.0 was made from.
    await repo.commit({}, 'release 1.0.1');
    const minor = await run(repo.dir, ['release', '1.1.0', '--from', edition2002.slice(0, 7)]);
    expect([minor.code, minor.err]).toEqual([0, '']);
    expect(index().releases.map((e) => [e.version, e.previous])).toEqual([
      ['1.0.0', undefined],
      ['1.0.1', '1.0.0'],
      ['1.1.0', '1.0.1'],
      ['2.0.0', '1.0.0'],
    ]);
    expect(index().latest).toBe('2.0.0');
    expect(file('releases/1.1.0/CHANGELOG.md')).toMatch(/same as 1\.0\.1, the previous release of the 1\.x line/);
  });

  it('refuses a version not after its line, the other edition, a line that does not exist, and a folder that does not say the version', async () => {
    expect((await run(repo.dir, ['release', '1.0.1', '--from', '@1.0.0'])).code).toBe(0);

    const before = await run(repo.dir, ['release', '1.0.1-rc.1', '--from', '@1.0.0']);
    expect([before.code, before.err.split('\n')[0]]).toEqual([
      1,
      'ccf: Unexpected version 1.0.1-rc.1, expected a version after 1.0.1 (the latest release of the 1.x line)',
    ]);
    const old = await run(repo.dir, ['release', '2.0.1', '--from', '@1.0.0']);
    expect([old.code, old.err]).toEqual([
      1,
      'ccf: Unexpected 2002 edition on the 2.x line, expected the 2024 edition that 2.0.0 holds\n' +
        'hint: The 2002 edition is released on the 1.x line: release it after 1.0.1 (e.g. 1.0.2).\n',
    ]);
    const newer = await run(repo.dir, ['release', '1.0.2', '--from', '@2.0.0']);
    expect([newer.code, newer.err.split('\n')[0]]).toEqual([
      1,
      'ccf: Unexpected 2024 edition on the 1.x line, expected the 2002 edition that 1.0.1 holds',
    ]);

    const none = await run(repo.dir, ['release', '0.1.0', '--from', '@1.0.0']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(
      /^ccf: Unexpected version 0\.1\.0, expected a version after 2\.0\.0 \(the latest release\) or after the latest release of an existing line: no release is on the 0\.x line\nhint: A maintenance release continues a line: 1\.x \(latest 1\.0\.1\), 2\.x \(latest 2\.0\.0\)\./,
    );

    // A folder (the work tree) says what it is: it cannot be re-released under another version.
    await repo.commit({}, 'release 1.0.1');
    const folder = await run(repo.dir, ['release', '2.0.1']);
    expect(folder.err.split('\n')[0]).toBe('ccf: Unexpected version 2.0.1, expected the version framework.md gives (2.0.0)');
    // A ref may only be re-released when its content is a release of the line.
    const unreleased = await repo.commit({ 'content/framework.md': meta(file('content/framework.md'), '1.5.0', '2002') }, '1.5.0');
    const ref = await run(repo.dir, ['release', '1.0.2', '--from', unreleased]);
    expect(ref.err.split('\n')[0]).toBe('ccf: Unexpected version 1.0.2, expected the version framework.md gives (1.5.0)');

    // With --force and a reason, a line below the latest can be started, and the reason is recorded.
    await repo.commit({ 'content/framework.md': meta(file('content/framework.md'), '0.1.0', '2002') }, '0.1.0');
    const forced = await run(repo.dir, ['release', '0.1.0', '--force', '--reason', 'a pilot that predates 1.0.0']);
    expect([forced.code, forced.err]).toEqual([0, '']);
    expect(index().releases[0]).toMatchObject({ version: '0.1.0', forced: 'a pilot that predates 1.0.0' });
    expect(index().latest).toBe('2.0.0');
    for (const v of ['1.0.1-rc.1', '2.0.1', '1.0.2']) expect(existsSync(join(repo.dir, 'releases', v))).toBe(false);
  });

  it('keeps the transaction: a full disk leaves releases/ as it was, a killed run is finished by the next', async () => {
    const indexBefore = file('releases/index.json');
    const full = await run(repo.dir, ['release', '1.0.1', '--from', '@1.0.0'], { CCF_TEST_FAILPOINT: 'release:index=ENOSPC' });
    expect(full.code).toBe(1);
    expect(full.err).toMatch(/no space left on device/);
    expect([file('releases/index.json'), existsSync(join(repo.dir, 'releases/1.0.1'))]).toEqual([indexBefore, false]);

    const killed = spawnSync(process.execPath, [bin, 'release', '1.0.1', '--from', '@1.0.0'], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH, CCF_TEST_FAILPOINT: 'release:index=kill' },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(file('releases/index.json')).toBe(indexBefore);
    const again = await run(repo.dir, ['release', '1.0.1', '--from', '@1.0.0']);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/finished the interrupted release 1\.0\.1/);
    expect(index().releases.map((e) => [e.version, e.previous])).toEqual([
      ['1.0.0', undefined],
      ['1.0.1', '1.0.0'],
      ['2.0.0', '1.0.0'],
    ]);
    expect(index().latest).toBe('2.0.0');
    await readReleaseManifest(join(repo.dir, 'releases/1.0.1'), '@1.0.1');
  });
});
