import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Diagnostic } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { formatNames, githubSummary, lint, report } from '../src/index.js';
import { toJsonDiagnostics } from '../src/reporters/json.js';
import { toSarif } from '../src/reporters/sarif.js';
import { toVFiles } from '../src/reporters/stylish.js';
import { cases } from './cases.js';
import { load } from './helpers.js';
import { jsonReportValidator, sarifValidator } from './sarif-schema.js';

const golden = new URL('./fixtures/reporters/', import.meta.url);

/** A mix: an error with related location, a warning, an info, a note with a newline, odd characters. */
function sample(): Diagnostic[] {
  const dup = lint(load(cases['id-unique']!.files));
  const warn = lint(load(cases['no-empty-pathway-occupations']!.files));
  const extra: Diagnostic = {
    file: 'clusters/a,b:c/100%.md',
    line: 3,
    column: 1,
    ruleId: 'trademark',
    severity: 'info',
    message: 'Unexpected `x|y` <b>, expected z',
    note: 'Line one\nline two',
  };
  return [...dup, ...warn, extra];
}

describe.each(formatNames)('--format %s', (format) => {
  it('matches its golden file', () => {
    const text = report(format, sample(), { descriptions: { 'id-unique': 'No two nodes share an id.' } });
    const file = new URL(`${format}.txt`, golden);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(golden, { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('json', () => {
  it('validates against schemas/lint-report.schema.json, end positions always present', () => {
    const validate = jsonReportValidator();
    const out = toJsonDiagnostics(sample());
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.every((d) => d.endLine >= 1 && d.endColumn >= 1)).toBe(true);
  });
  it('refuses a report with a missing field (the schema can fail)', () => {
    const validate = jsonReportValidator();
    expect(validate([{ file: 'x', line: 1 }])).toBe(false);
  });
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = toSarif(sample(), { version: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
  });
  it('the schema check can fail', () => {
    const validate = sarifValidator();
    const log = toSarif(sample()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });
});

describe('github', () => {
  it('escapes properties and data so a message cannot end the command', () => {
    const line = report('github', sample()).trim().split('\n').at(-1)!;
    expect(line).toBe(
      '::notice file=clusters/a%2Cb%3Ac/100%25.md,line=3,col=1,title=ccf trademark::Unexpected `x|y` <b>, expected z%0ALine one%0Aline two',
    );
  });
  it('writes a summary table with every problem', () => {
    const many: Diagnostic[] = Array.from({ length: 12 }, (_, i) => ({
      file: 'f.md',
      line: i + 1,
      column: 1,
      ruleId: 'r',
      severity: 'error',
      message: 'm|n',
    }));
    const md = githubSummary(many);
    expect(md).toContain('12 errors, 0 warnings');
    expect(md.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(12);
    expect(md).toContain('m\\|n');
    expect(md).toContain('only the first 10 errors');
  });
});

describe('stylish', () => {
  it('maps severities onto vfile messages', () => {
    const [file] = toVFiles([
      { file: 'a.md', line: 1, column: 1, ruleId: 'r', severity: 'error', message: 'e' },
      { file: 'a.md', line: 2, column: 1, ruleId: 'r', severity: 'warning', message: 'w' },
      { file: 'a.md', line: 3, column: 1, ruleId: 'r', severity: 'info', message: 'i' },
    ]);
    expect(file!.messages.map((m) => m.fatal)).toEqual([true, false, undefined]);
  });
});
