/**
 * Class of attack: a pull request plants state that CI would otherwise make itself — turbo's task cache
 * (a cached "test passed" or a prebuilt dist/), ccf's parse cache, node_modules — or saves a cache in one
 * run that a later run restores. The workflows that run on pull requests must start from the sources only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from './cache-attack.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = join(root, '.github/workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown> | string | string[];
  jobs: Record<string, { steps: Step[] }>;
}

const workflows = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((file) => ({ file, wf: parse(readFileSync(join(dir, file), 'utf8')) as Workflow }))
  .filter(({ wf }) => {
    const on = wf.on;
    const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on);
    return events.some((e) => e === 'pull_request' || e === 'pull_request_target');
  });
const GUARD = 'Refuse state planted in the checkout';

describe('CI on a pull request uses no state the pull request can plant', () => {
  it('ci.yml and pr.yml are the workflows that run on pull requests', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['ci.yml', 'pr.yml']);
  });

  it.each(workflows)('$file restores no cache a pull request run could have saved', ({ wf }) => {
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps) {
        expect(step.uses ?? '', 'actions/cache').not.toMatch(/^actions\/cache\b/);
        if (step.uses?.startsWith('actions/setup-node')) {
          const cache = step.with?.cache;
          // Either no cache, or one restored only on pushes (a pull request's runs cannot write main's cache scope).
          if (cache !== undefined && cache !== '')
            expect(String(cache)).toMatch(/^\$\{\{ github\.event_name == 'push' && 'npm' \|\| '' \}\}$/);
        }
      }
  });

  it.each(workflows)('$file refuses planted state before it installs, builds or runs anything', ({ wf }) => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      const guard = job.steps.findIndex((s) => s.name === GUARD);
      const firstRun = job.steps.findIndex((s) => s.name !== GUARD && /\b(npm|npx|node|turbo)\b/.test(s.run ?? ''));
      // A job that installs, builds and runs nothing (ci.yml's code-scanning: pinned actions only) has no state to be fooled by.
      if (firstRun < 0 && guard < 0) {
        expect(
          job.steps.some((s) => s.run),
          `${name} runs no script`,
        ).toBe(false);
        continue;
      }
      expect(guard, `${name}: the guard step`).toBeGreaterThanOrEqual(0);
      expect(guard).toBeLessThan(firstRun);
    }
  });
});

describe('the guard step', () => {
  const script = workflows[0]!.wf.jobs[Object.keys(workflows[0]!.wf.jobs)[0]!]!.steps.find((s) => s.name === GUARD)?.run ?? 'exit 0';
  let repo: GitRepo;
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    tmp = tempDir('ccf-ci-');
    repo = await gitRepo({ 'package.json': '{}\n', 'content/framework.md': '---\nid: x\n---\n' });
  });
  afterEach(async () => {
    await repo.cleanup();
    tmp.cleanup();
  });

  const runGuard = () => {
    const env = join(tmp.dir, 'github-env');
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH, RUNNER_TEMP: tmp.dir, GITHUB_ENV: env },
      encoding: 'utf8',
    });
    let exported = '';
    try {
      exported = readFileSync(env, 'utf8');
    } catch {
      // Nothing exported.
    }
    return { code: r.status, out: r.stdout, exported };
  };

  it('every workflow runs the same guard', () => {
    for (const { wf } of workflows)
      for (const job of Object.values(wf.jobs))
        if (job.steps.some((s) => s.run)) expect(job.steps.find((s) => s.name === GUARD)?.run).toBe(script);
  });

  it('passes a clean checkout and moves turbo’s cache out of it', () => {
    const r = runGuard();
    expect(r.code).toBe(0);
    expect(r.exported).toBe(`TURBO_CACHE_DIR=${tmp.dir}/turbo-cache\n`);
  });

  it.each([
    ['a turbo task cache entry', '.turbo/cache/0123456789abcdef.tar.zst'],
    ['a nested turbo cache', 'packages/cli/.turbo/turbo-test.log'],
    ['a prebuilt CLI', 'packages/cli/dist/bin.js'],
    ['a ccf parse cache', '.ccf-cache/parse-0123456789abcdef/3.shard'],
    ['node_modules', 'node_modules/yaml/dist/index.js'],
    ['a TypeScript build state', 'packages/core/tsconfig.build.tsbuildinfo'],
  ])('fails on %s committed with git add -f', async (_what, path) => {
    await repo.commit({ '.gitignore': '.turbo/\n.ccf-cache/\nnode_modules/\ndist/\n*.tsbuildinfo\n' });
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
    writeFileSync(join(repo.dir, path), 'planted\n');
    repo.git(['add', '-f', path]);
    await repo.commit({}, 'plant');
    const r = runGuard();
    expect(r.code).toBe(1);
    expect(r.out).toContain('::error::');
    expect(r.out).toContain(path);
    expect(r.exported).toBe('');
  });
});
