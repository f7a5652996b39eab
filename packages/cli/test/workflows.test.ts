import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.js';

const root = new URL('../../../', import.meta.url).pathname;
const dir = join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; needs?: string; steps: Step[] }>;
}

describe('workflow files', () => {
  it('there are workflows to check', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'pr.yml']));
  });

  it.each(files)('%s passes action-validator (the GitHub workflow schema)', (file) => {
    // action-validator 0.6.0 (the latest) bundles a workflow schema older than the `attestations` permission, which
    // GitHub's own schema has had since 2024 (actions/languageservices#72): that one key is taken out, nothing else.
    const text = readFileSync(join(dir, file), 'utf8').replace(/^ +attestations: (?:read|write|none)(?: #.*)?\n/gm, '');
    const state = validateWorkflow(text);
    expect(state.errors).toEqual([]);
  });

  it('the validator does fail on a broken workflow', () => {
    expect(validateWorkflow('on: pusj\njobz: {}\n').errors.length).toBeGreaterThan(0);
  });

  it.each(files)('%s pins every action to a commit SHA, sets permissions, and keeps expressions out of scripts', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const wf = parse(text) as Workflow;
    expect(wf.permissions, 'top-level permissions').toBeDefined();
    for (const line of text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l)))
      expect(line, 'pinned with a version comment').toMatch(/uses: [\w.-]+\/[\w.-]+(?:\/[\w.-]+)*@[0-9a-f]{40} # v\d/);
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps) if (step.run) expect(step.run, 'use env: for ${{ }} values').not.toContain('${{');
  });
});

describe('ci.yml', () => {
  const wf = parse(readFileSync(join(dir, 'ci.yml'), 'utf8')) as Workflow;

  it('uploads SARIF to code scanning from the one job with security-events: write, which runs no code from the checkout', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(wf.jobs).filter(([, job]) => job.permissions?.['security-events'] === 'write');
    expect(writers.map(([name]) => name)).toEqual(['code-scanning']);
    const job = writers[0]![1];
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(job.steps.map((s) => s.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'actions/download-artifact',
      'github/codeql-action/upload-sarif',
    ]);
    expect(job.steps.some((s) => s.run)).toBe(false);
    for (const [name, other] of Object.entries(wf.jobs))
      if (name !== 'code-scanning') expect(other.permissions ?? {}, name).not.toHaveProperty('security-events');
  });

  it('the SARIF step writes SARIF for the content, and treats only exit 1 (problems found) as success', async () => {
    const step = wf.jobs.ci!.steps.find((s) => s.name === 'Lint the content as SARIF')!;
    const line = step.run!.split('\n').find((l) => l.startsWith('node packages/cli/dist/bin.js '))!;
    expect(line).toMatch(/\|\| \[ "\$\?" -eq 1 \]$/);
    const argv = line.replace('node packages/cli/dist/bin.js ', '').split(' > ')[0]!.split(/\s+/);
    let out = '';
    const code = await main(argv, { stdout: (t) => void (out += t), stderr: () => {}, cwd: root, env: {}, isTTY: false });
    expect([0, 1]).toContain(code);
    const log = JSON.parse(out) as { version: string; runs: { automationDetails: { id: string } }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.automationDetails.id).toBe('ccf/lint/content/');
  });
});

describe('pr.yml', () => {
  const wf = parse(readFileSync(join(dir, 'pr.yml'), 'utf8')) as Workflow & { on: { pull_request: { paths: string[] } } };
  const job = wf.jobs['change-report']!;

  it('runs on pull requests touching content/, with write access to pull requests only', () => {
    expect(wf.on.pull_request.paths).toEqual(['content/**']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(job.steps.map((s) => s.uses?.split('@')[0]).filter(Boolean)).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'actions/upload-artifact',
      'actions/github-script',
    ]);
  });

  it('the ccf commands it runs work on a merge-like history and produce every file it uploads', async () => {
    const { gitRepo } = (await import(/* @vite-ignore */ '@ccf/core/testing')) as {
      gitRepo: () => Promise<{ dir: string; commit(f: Record<string, string | null>): Promise<string>; cleanup(): Promise<void> }>;
    };
    const repo = await gitRepo();
    try {
      cpSync(join(root, 'content'), join(repo.dir, 'content'), { recursive: true });
      await repo.commit({});
      // Remove the first sub-cluster file, whatever the edition in content/ is.
      const cluster = readdirSync(join(repo.dir, 'content/clusters')).sort()[0]!;
      const victim = readdirSync(join(repo.dir, 'content/clusters', cluster)).find((f) => f !== 'index.md')!;
      const title = /^title: (.*)$/m
        .exec(readFileSync(join(repo.dir, 'content/clusters', cluster, victim), 'utf8'))![1]!
        .replace(/^["']|["']$/g, '');
      await repo.commit({ [`content/clusters/${cluster}/${victim}`]: null });
      const script = job.steps.find((s) => s.name === 'Change report')!.run!;
      const commands = script
        .split('\n')
        .filter((l) => l.startsWith('node packages/cli/dist/bin.js '))
        .map((l) =>
          l
            .replace('node packages/cli/dist/bin.js ', '')
            .split(/\s+/)
            .map((a) => a.replace(/^"\$RUN_URL([^"]*)"$/, 'https://github.com/o/r/actions/runs/1$1')),
        );
      expect(commands.length).toBe(5);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(repo.dir, 'ccf-report'));
      for (const argv of commands) {
        let err = '';
        const code = await main(argv, { stdout: () => {}, stderr: (t) => void (err += t), cwd: repo.dir, env: {}, isTTY: false });
        expect(code, `${argv.join(' ')}: ${err}`).toBe(0);
      }
      for (const f of ['changes.json', 'crosswalk.csv', 'crosswalk.sssom.tsv', 'crosswalk.svg', 'report.md'])
        expect(existsSync(join(repo.dir, 'ccf-report', f)), f).toBe(true);
      const report = readFileSync(join(repo.dir, 'ccf-report', 'report.md'), 'utf8');
      expect(report.length).toBeLessThan(65_536 - 100);
      expect(report).toContain(title);
      // The report links the flow diagram the same job uploads beside it.
      expect(report).toContain('[crosswalk.svg](https://github.com/o/r/actions/runs/1#artifacts)');
      expect(readFileSync(join(repo.dir, 'ccf-report', 'crosswalk.svg'), 'utf8')).toMatch(/^<svg [^>]*role="img"/);
    } finally {
      await repo.cleanup();
    }
  });
});

describe('release.yml', () => {
  const wf = parse(readFileSync(join(dir, 'release.yml'), 'utf8')) as Workflow;
  const job = wf.jobs['release']!;

  it('verifies the release with ccf verify, then attests every release file with build provenance', () => {
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write', attestations: 'write' });
    const names = job.steps.map((s) => s.uses?.split('@')[0] ?? s.name);
    const verify = job.steps.findIndex((s) => s.run?.includes('bin.js verify "@$VERSION"'));
    const attest = names.indexOf('actions/attest-build-provenance');
    const upload = job.steps.findIndex((s) => s.run?.includes('gh release'));
    expect(verify).toBeGreaterThan(-1);
    expect([verify < attest, attest < upload]).toEqual([true, true]);
    expect((job.steps[attest] as { with?: Record<string, string> }).with).toEqual({ 'subject-path': 'releases/${{ env.VERSION }}/*' });
  });
});
