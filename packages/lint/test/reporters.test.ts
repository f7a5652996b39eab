import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Diagnostic } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { coreRules, formatNames, githubSummary, lint, report, rules } from '../src/index.js';
import { ruleUrl } from '../src/catalog.js';
import { toJsonDiagnostics } from '../src/reporters/json.js';
import { toSarif } from '../src/reporters/sarif.js';
import { toVFiles } from '../src/reporters/stylish.js';
import { cases } from './cases.js';
import { edit, load } from './helpers.js';
import { jsonReportValidator, sarifValidator } from './sarif-schema.js';

const golden = new URL('./fixtures/reporters/', import.meta.url);

/** A mix: an error with related location, a warning, an info, a note with a newline, odd characters. */
function sample(): Diagnostic[] {
  const dup = lint(load(cases['id-unique']!.files));
  const warn = lint(load(cases['no-empty-occupations']!.files));
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
    expect(log.runs[0]!.results!.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
  });
  it('the schema check can fail', () => {
    const validate = sarifValidator();
    const log = toSarif(sample()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule as GitHub code scanning asks: name, descriptions, help from docs/rules, level, properties', () => {
    const ids = [...coreRules, ...rules].map((r) => r.id);
    const all: Diagnostic[] = ids.map((ruleId) => ({ file: 'content/x.md', line: 1, column: 1, ruleId, severity: 'error', message: 'm' }));
    const descriptors = toSarif(all).runs[0]!.tool.driver.rules!;
    expect(descriptors.map((r) => r.id)).toEqual([...ids].sort());
    for (const r of descriptors) {
      const page = readFileSync(new URL(`../../../docs/rules/${r.id}.md`, import.meta.url), 'utf8');
      expect(r.name, r.id).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(r.shortDescription!.text, r.id).toMatch(/\.$/);
      expect(r.fullDescription!.text.length, r.id).toBeGreaterThan(20);
      // GitHub code scanning's limit for both descriptions.
      expect(Math.max(r.shortDescription!.text.length, r.fullDescription!.text.length), r.id).toBeLessThanOrEqual(1024);
      // The page below its title, word for word, except that links to other rules' pages are absolute.
      const back = r
        .help!.markdown!.replaceAll(`](${ruleUrl('')}`, '](')
        .replace(/\]\(([a-z0-9-]+)\)/g, (l, id: string) => (rules.some((x) => x.id === id) ? `](${id}.md)` : l))
        // A link to an example base (a repository folder, not a page of the site) is named in bold with its path.
        .replace(/\*\*([^*\n]+)\*\* \(`docs\/rules\/(_base\/[a-z0-9/-]*)` in the repository\)/g, '[$1]($2)');
      expect(back, r.id).toBe(page.slice(page.indexOf('\n') + 1).trim());
      expect(r.help!.text, r.id).not.toMatch(/```|\*\*/);
      expect(r.helpUri).toBe(ruleUrl(r.id));
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration!.level);
      expect(r.properties).toMatchObject({ precision: 'very-high', tags: expect.arrayContaining(['ccf']) });
      expect(['error', 'warning', 'recommendation']).toContain(r.properties!['problem.severity']);
    }
    const alias = descriptors.find((r) => r.id === 'alias-conflict')!;
    expect(alias.help!.markdown).toContain(`[title-unique-in-parent](${ruleUrl('title-unique-in-parent')})`);
    expect(alias.help!.text).toContain(`title-unique-in-parent (${ruleUrl('title-unique-in-parent')})`);
  });

  it('links each related location from the message, and escapes brackets from content so they cannot make a link', () => {
    const result = toSarif(sample()).runs[0]!.results![0]!;
    expect(result.message.text).toMatch(/ See \[First used here\]\(1\)\.$/);
    expect(result.relatedLocations!.map((r) => r.id)).toEqual([1]);
    const hostile: Diagnostic = {
      file: 'content/clusters/a/[x](1) #2?.md',
      line: 1,
      column: 1,
      ruleId: 'id-format',
      severity: 'error',
      message: 'Unexpected file name `[x](1) #2?.md`',
      related: [{ file: 'content/b.md', line: 1, column: 1, message: 'Title [y](1)' }],
    };
    const [r] = toSarif([hostile]).runs[0]!.results!;
    expect(r!.message.text).toBe('Unexpected file name `\\[x\\](1) #2?.md`. See [Title \\[y\\](1)](1).');
    expect(r!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('content/clusters/a/%5Bx%5D(1)%20%232%3F.md');
  });

  it('fingerprints a problem by rule, file and message: the same after lines shift, distinct for two alike', () => {
    const files = cases['id-unique']!.files;
    const shifted = edit(files, 'clusters/marketing/accounting.md', '---\n', '---\n# a comment line above\n');
    const prints = (f: typeof files) =>
      toSarif(lint(load(f))).runs[0]!.results!.map((r) => [r.partialFingerprints, r.locations![0]!.physicalLocation!.region!.startLine]);
    const [[before, line1]] = prints(files) as [[unknown, number]];
    const [[after, line2]] = prints(shifted) as [[unknown, number]];
    expect(line2).toBe(line1 + 1);
    expect(after).toEqual(before);
    const twice = toSarif([hostileTwin(), hostileTwin()]).runs[0]!.results!.map((r) => r.partialFingerprints!['ccfResult/v1']);
    expect(new Set(twice).size).toBe(2);
  });

  it('names the tool version and a category, and no absolute path', () => {
    const run = toSarif(sample(), { version: '9.9.9', automationId: 'ccf/lint/content/' }).runs[0]!;
    expect(run.tool.driver.version).toBe('9.9.9');
    expect(run.automationDetails!.id).toBe('ccf/lint/content/');
    expect(Object.keys(run.originalUriBaseIds!)).toEqual(['%SRCROOT%']);
    expect(run.results!.every((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uriBaseId === '%SRCROOT%')).toBe(true);
  });
});

function hostileTwin(): Diagnostic {
  return { file: 'content/a.md', line: 3, column: 1, ruleId: 'soc-format', severity: 'error', message: 'Unexpected SOC code `1`' };
}

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
