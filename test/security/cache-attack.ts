import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@ccf/cli';
import { gitEnv } from '@ccf/core/testing';

/** A small framework that lints clean (no errors, no warnings). */
export const cleanContent: Record<string, string> = {
  'content/framework.md': `---
id: test-framework
title: Test Framework
version: "1.0.0"
edition: "2024"
publisher: ccf tests
license: CC-BY-4.0
attribution: ccf tests
terms:
  cluster: Career Cluster
  subcluster: Sub-Cluster
---

A framework for the security tests.
`,
  'content/clusters/farming/index.md': `---
id: farming
title: Farming
order: 1
provenance:
  status: INFERRED
---

Growing and raising what people eat, wear and build with.
`,
  'content/clusters/farming/crops.md': `---
id: crops
title: Crops
order: 1
provenance:
  status: INFERRED
soc:
  - code: "45-2092.00"
    title: Farmworkers and Laborers, Crop, Nursery, and Greenhouse
---

Growing crops in fields, orchards, nurseries and greenhouses.
`,
};

/** The path of the file the hostile pull request edits, inside the content folder and in the repository. */
export const victimPath = 'clusters/farming/crops.md';
export const victimRepoPath = `content/${victimPath}`;

/** The pull request's version of the file: a new title (a change the report must show) and three lint errors. */
export const brokenCrops = `---
id: crops
title: Crop Science
order: zero
tittle: typo
status: gone
provenance:
  status: INFERRED
soc:
  - code: "45-2092.00"
    title: Farmworkers and Laborers, Crop, Nursery, and Greenhouse
---

Growing crops in fields, orchards, nurseries and greenhouses.
`;

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `ccf …` in-process (as the CLI tests do) with its own environment, so the per-user cache folder is the test's. */
export async function ccf(cwd: string, argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  const r = { out: '', err: '' };
  const code = await main(argv, {
    cwd,
    env,
    isTTY: false,
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
  });
  return { code, ...r };
}

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A user's environment: their own cache folder (so the per-user key and cache are theirs). */
export function userEnv(home: string): Record<string, string> {
  return { HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
}

/** `git clone` of a repository, as CI makes a fresh checkout. */
export function freshClone(from: string, to: string): void {
  execFileSync('git', ['clone', '-q', from, to], { env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Git's blob SHA of some text: how a git source keys a file in the parse cache. */
export function blobSha(cwd: string, text: string): string {
  return execFileSync('git', ['hash-object', '--stdin'], { cwd, input: text, env: gitEnv(), encoding: 'utf8' }).trim();
}
