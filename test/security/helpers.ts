// Shared by the release and output scenarios: a small framework in a throwaway git repository, and two ways to
// run ccf on it — in this process (fast) or as its own process (so a failpoint can kill it, as a crash would).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { gitRepo, type GitRepo } from '@ccf/core/testing';

export type { GitRepo };

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'packages/cli/src/bin.ts');
const tsx = join(root, 'node_modules/tsx/dist/loader.mjs');

const framework = (version: string): string => `---
id: small-framework
title: Small Framework
version: "${version}"
edition: "2024"
publisher: ccf tests
license: "CC-BY-4.0"
attribution: "Written for ccf's tests."
baseUrl: https://example.test/ccf
terms:
  cluster: Career Cluster
  subcluster: Sub-Cluster
---

A small framework for the security scenarios.
`;

const CLUSTER = `---
id: at-home
title: Home Services
order: 1
provenance:
  status: VERIFIED
---

Work in people's homes: repair, care and cleaning.
`;

const sub = (id: string, title: string, order: number, soc: string): string => `---
id: ${id}
title: ${title}
order: ${order}
provenance:
  status: VERIFIED
soc:
  - code: "${soc}"
---

Careers in ${title.toLowerCase()}, described in one sentence for the tests.
`;

/** The files of version `version`; from 1.1.0 on it has one more sub-cluster (a minor change). */
export function content(version: string): Record<string, string> {
  return {
    'content/framework.md': framework(version),
    'content/clusters/at-home/index.md': CLUSTER,
    'content/clusters/at-home/plumbing.md': sub('plumbing', 'Plumbing', 1, '47-2152.00'),
    ...(version === '1.0.0' ? {} : { 'content/clusters/at-home/roofing.md': sub('roofing', 'Roofing', 2, '47-2181.00') }),
  };
}

/** A repository whose content is at `version`, committed. */
export const contentRepo = (version = '1.0.0'): Promise<GitRepo> => gitRepo(content(version));

export interface Run {
  code: number | null;
  signal?: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs ccf in this process. */
export async function ccf(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const r = { out: '', err: '' };
  const io: Io = {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    isTTY: false,
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
  };
  const code = await main(argv, io);
  return { code, ...r };
}

/** Runs ccf as its own process, from source; resolves when it ends, however it ends. */
export function ccfProcess(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', tsx, bin, ...argv],
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
      (error, out, err) => {
        const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, out, err });
      },
    );
  });
}

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** Every file in a folder (not recursive), by name, as SHA-256: a fingerprint to compare before and after. */
export function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((e) => [e.name, e.isFile() ? sha256(readFileSync(join(dir, e.name))) : e.isDirectory() ? 'dir' : 'other']),
  );
}

/** Checks that `releases/` is whole: every folder is in the index, every manifest is the one the index pins, every file matches. */
export function checkReleases(repoDir: string): string[] {
  const releases = join(repoDir, 'releases');
  const index = JSON.parse(readFileSync(join(releases, 'index.json'), 'utf8')) as {
    latest: string;
    releases: { version: string; manifestSha256: string }[];
  };
  // Beside the index: the feeds `ccf release` makes from it (releases.atom, feed.json, versions.json), not releases.
  const besideIndex = new Set(['index.json', 'releases.atom', 'feed.json', 'versions.json']);
  const folders = readdirSync(releases).filter((n) => !besideIndex.has(n));
  const versions = index.releases.map((r) => r.version);
  if (folders.sort().join() !== [...versions].sort().join())
    throw new Error(`releases/ holds ${folders.join()} but the index lists ${versions.join()}`);
  for (const r of index.releases) {
    const dir = join(releases, r.version);
    const manifest = readFileSync(join(dir, 'manifest.json'));
    if (sha256(manifest) !== r.manifestSha256) throw new Error(`${r.version}: manifest.json is not the one the index pins`);
    const files = (JSON.parse(manifest.toString('utf8')) as { files: { path: string; sha256: string }[] }).files;
    if (readdirSync(dir).length !== files.length + 1) throw new Error(`${r.version}: files the manifest does not list`);
    for (const f of files)
      if (sha256(readFileSync(join(dir, f.path))) !== f.sha256) throw new Error(`${r.version}/${f.path} fails its manifest`);
  }
  if (index.latest !== versions.at(-1)) throw new Error(`latest is ${index.latest}, expected ${versions.at(-1)}`);
  return versions;
}
