import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccf } from './lint-helpers.js';

/**
 * The SARIF `ccf lint --format sarif` writes, checked by the validator GitHub's own docs point to: Microsoft's SARIF
 * Multitool with the SARIF and GitHub (`Gh`) rule kinds, the rules GitHub code scanning applies on upload.
 */
const require = createRequire(import.meta.url);
/** The path of the Multitool's binary for this platform (what the package's `main` exports). */
const multitool = require('@microsoft/sarif-multitool') as string;
const base = new URL('./fixtures/lint-base/content/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'ccf-sarif-'));

interface Finding {
  ruleId: string;
  level: string;
  text: string;
}

/** Runs the Multitool's binary (its npm wrapper joins arguments through a shell) and returns what it found. */
function validate(sarif: string, name: string): Finding[] {
  const input = join(work, `${name}.sarif`);
  const output = join(work, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  rmSync(output, { force: true });
  execFileSync(multitool, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, input], {
    stdio: 'pipe',
    // The binary is .NET: without libicu it must be told to run without culture data.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 120_000,
  });
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[];
  };
  return (log.runs[0]!.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    // SARIF's default level is warning.
    level: r.level ?? 'warning',
    text: r.message.text ?? (r.message.arguments ?? []).join(' | '),
  }));
}

const problems = (findings: Finding[]) => findings.filter((f) => f.level === 'error' || f.level === 'warning');

let repo: GitRepo;
/** `ccf lint` run from several folders of one repository, each with the arguments that name its content. */
const runs = new Map<string, { code: number; out: string; err: string }>();

beforeAll(async () => {
  repo = await gitRepo();
  const content = join(repo.dir, 'content');
  cpSync(base, content, { recursive: true });
  const accounting = readFileSync(join(content, 'clusters/finance/accounting.md'), 'utf8');
  // id-unique, with a related location (the first file) linked from the message.
  writeFileSync(join(content, 'clusters/marketing/accounting.md'), accounting.replace('order: 1', 'order: 2'));
  // A file name and a title that look like SARIF links and Markdown, a bad SOC code, an unknown key.
  writeFileSync(join(content, 'clusters/finance/[x](1) #2.md'), '---\nid: x\ntitle: "[x](1) *y*"\n---\n');
  writeFileSync(
    join(content, 'clusters/finance/insurance.md'),
    readFileSync(join(content, 'clusters/finance/insurance.md'), 'utf8')
      .replace('41-3021.00', '41-302')
      .replace('order: 2', 'order: 2\ntitel: "[see](2)"'),
  );
  mkdirSync(join(repo.dir, 'docs'));
  const finance = join(content, 'clusters/finance');
  runs.set('repository root', await ccf(repo.dir, ['lint', '--format', 'sarif']));
  runs.set('content/', await ccf(content, ['lint', '.', '--format', 'sarif']));
  runs.set('a sub-folder of content/', await ccf(finance, ['lint', '../..', '--format', 'sarif']));
  runs.set('a folder outside content/', await ccf(join(repo.dir, 'docs'), ['lint', '../content', '--format', 'sarif']));
  runs.set('anywhere, with an absolute path', await ccf(tmpdir(), ['lint', content, '--format', 'sarif']));
}, 120_000);

afterAll(async () => {
  await repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('SARIF for GitHub code scanning', () => {
  it('the content is broken: every run exits 1 with results, no stack trace', () => {
    for (const [where, r] of runs) {
      expect(r.code, where).toBe(1);
      expect(r.err, where).toBe('');
      const results = (JSON.parse(r.out) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results;
      expect(new Set(results.map((x) => x.ruleId)), where).toEqual(new Set(['id-unique', 'id-format', 'soc-format', 'unknown-key']));
    }
  });

  it('is the same file whatever folder ccf runs in: URIs relative to the repository root, no absolute path', () => {
    const outs = [...runs.values()].map((r) => r.out);
    for (const out of outs) expect(out).toBe(outs[0]);
    const log = JSON.parse(outs[0]!) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[];
    };
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    for (const u of uris) expect(u).toMatchObject({ uri: expect.stringMatching(/^content\/clusters\//), uriBaseId: '%SRCROOT%' });
    expect(uris.map((u) => u.uri)).toContain('content/clusters/finance/%5Bx%5D(1)%20%232.md');
    expect(outs[0]).not.toContain(repo.dir);
    expect(outs[0]).not.toContain(tmpdir());
  });

  it.each(['repository root', 'content/', 'a sub-folder of content/'])(
    "Microsoft's SARIF validator with GitHub's rules: 0 errors, 0 warnings (run from %s)",
    (where) => {
      expect(problems(validate(runs.get(where)!.out, where.replace(/\W+/g, '-')))).toEqual([]);
    },
    120_000,
  );

  it("the validator fails the SARIF ccf wrote before (no fullDescription, help or version: GitHub's GH2012)", () => {
    const before = readFileSync(new URL('./fixtures/sarif/before-issue-13.sarif', import.meta.url), 'utf8');
    const found = problems(validate(before, 'before'));
    expect(found.filter((f) => f.level === 'error').map((f) => f.ruleId)).toContain('GH2012');
  }, 120_000);

  it('fingerprints survive a line inserted above a problem, the line numbers move', async () => {
    const file = join(repo.dir, 'content/clusters/finance/insurance.md');
    const results = (out: string) =>
      (
        JSON.parse(out) as {
          runs: {
            results: {
              ruleId: string;
              partialFingerprints: Record<string, string>;
              locations: { physicalLocation: { region: { startLine: number } } }[];
            }[];
          }[];
        }
      ).runs[0]!.results;
    const before = results(runs.get('repository root')!.out);
    for (const r of before) expect(r.partialFingerprints).toEqual({ 'ccfResult/v1': expect.stringMatching(/^[0-9a-f]{32}:\d+$/) });
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('---\n', '---\n# a comment above everything\n'));
    try {
      const after = results((await ccf(repo.dir, ['lint', '--format', 'sarif'])).out);
      expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
      const lines = (rs: typeof before) =>
        rs.filter((_, i) => before[i]!.ruleId === 'soc-format').map((r) => r.locations[0]!.physicalLocation.region.startLine);
      expect(lines(after)).toEqual(lines(before).map((l) => l + 1));
    } finally {
      writeFileSync(file, text);
    }
  });
});
