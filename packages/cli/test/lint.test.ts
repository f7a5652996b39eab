import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ccf, parseOutput, tempContent } from './lint-helpers.js';

const t = tempContent();
afterAll(() => t.cleanup());

describe('ccf lint on the real content', () => {
  it('has 0 errors and the six known pathways without occupations as warnings', async () => {
    const r = await ccf(t.dir, ['lint']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const hits = parseOutput('compact', r.out);
    expect(hits.filter((h) => h.severity === 'error')).toEqual([]);
    expect(hits.map((h) => h.ruleId)).toEqual(Array(6).fill('no-empty-occupations'));
    expect(r.out.trim().split('\n').at(-1)).toBe('0 errors, 6 warnings');
  });

  it('--max-warnings 5 turns six warnings into exit 1; --max-warnings 6 does not', async () => {
    const over = await ccf(t.dir, ['lint', '--max-warnings', '5']);
    expect(over.code).toBe(1);
    expect(over.err).toBe('ccf: 6 warnings, more than --max-warnings 5\n');
    expect((await ccf(t.dir, ['lint', '--max-warnings', '6'])).code).toBe(0);
  });

  it('--quiet shows errors only', async () => {
    const r = await ccf(t.dir, ['lint', '--quiet', '--format', 'json']);
    expect(JSON.parse(r.out)).toEqual([]);
  });

  it('--quiet says how many warnings it hid, never "0 warnings"', async () => {
    const r = await ccf(t.dir, ['lint', '--quiet']);
    expect(r.out).toBe('0 errors (6 warnings hidden)\n');
    expect((await ccf(t.dir, ['lint', '--quiet', '--format', 'stylish'])).out).toBe('no errors (6 warnings hidden)\n');
  });

  it('a config file re-levels a rule', async () => {
    writeFileSync(join(t.dir, 'ccf.config.json'), '{ "rules": { "no-empty-pathway-occupations": "off" } }');
    try {
      const r = await ccf(t.dir, ['lint', '--format', 'json']);
      expect(JSON.parse(r.out)).toEqual([]);
    } finally {
      rmSync(join(t.dir, 'ccf.config.json'));
    }
  });

  it('--against the same content: lineage rules run and pass', async () => {
    const r = await ccf(t.dir, ['lint', '--against', 'content', '--quiet', '--format', 'json']);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('github format writes a summary table to $GITHUB_STEP_SUMMARY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccf-summary-'));
    try {
      const summary = join(dir, 'summary.md');
      const r = await ccf(t.dir, ['lint', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
      expect(r.out.split('\n').filter((l) => l.startsWith('::warning '))).toHaveLength(6);
      const md = readFileSync(summary, 'utf8');
      expect(md).toContain('0 errors, 6 warnings');
      expect(md.split('\n').filter((l) => l.startsWith('| warning |'))).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('usage errors exit 2, with one line and no stack', () => {
  it.each([
    [['lint', '--format', 'xml']],
    [['lint', '--max-warnings', 'many']],
    [['lint', 'no-such-folder']],
    [['lint', '--against', '@one']],
    [['lint', '--against', '--upload-pack=x']],
    [['lint', '--against', 'no-such-ref-xyz']],
    [['lint', '--config', 'missing.json']],
  ])('%j', async (argv) => {
    const r = await ccf(t.dir, argv);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).toMatch(/ccf|error/);
  });

  it('a bad config file names its place', async () => {
    writeFileSync(join(t.dir, 'ccf.config.json'), '{\n  "rules": { "trademrk": "off" }\n}\n');
    try {
      const r = await ccf(t.dir, ['lint']);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')[0]).toBe('ccf: ccf.config.json:2:14: Unexpected rule `trademrk` at `/rules`, expected a ccf rule id');
    } finally {
      rmSync(join(t.dir, 'ccf.config.json'));
    }
  });
});
