import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccf, parseOutput, sarifValidator, tempContent, type Hit } from './lint-helpers.js';

/**
 * "Break a copy of content/ in 25 ways, as a new user would": every break gets the right rule id
 * at the right line and column, in every output format. Each break is in its own file, so all 25
 * are applied to one copy and each format runs once.
 */
interface Break {
  name: string;
  ruleId: string;
  /** Content-relative path of the file that is broken (or created). */
  file: string;
  /** The new text (given the old one), or undefined when `prepare` does the work. */
  apply?: (text: string) => string | Buffer;
  prepare?: (content: string) => void;
  /** Where the diagnostic must point, found in the new text. */
  at: (text: string) => { line: number; column: number };
}

/** 1-based line and column of the first `needle` (plus `shift` characters). */
function pos(text: string, needle: string, shift = 0): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`\`${needle}\` not found`);
  const before = text.slice(0, i + shift);
  return { line: before.split('\n').length, column: i + shift - before.lastIndexOf('\n') };
}
/** Like pos, for the n-th (1-based) occurrence. */
function nth(text: string, needle: string, n: number, shift = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`\`${needle}\` not found ${n} times`);
  }
  return pos(text.slice(0, i) + text.slice(i).replace(needle, '\u0000'.repeat(needle.length)), '\u0000'.repeat(needle.length), shift);
}
const start = () => ({ line: 1, column: 1 });
const replace = (find: RegExp | string, by: string) => (text: string) => {
  const out = text.replace(find, by);
  if (out === text) throw new Error(`\`${String(find)}\` not found`);
  return out;
};
const C = 'clusters/';

const breaks: Break[] = [
  {
    name: 'misspelt key',
    ruleId: 'unknown-key',
    file: `${C}finance/accounting.md`,
    apply: replace('title:', 'tittle:'),
    at: (t) => pos(t, 'tittle:'),
  },
  {
    name: 'order written as a word',
    ruleId: 'wrong-type',
    file: `${C}finance/insurance.md`,
    apply: replace(/order: \d+/, 'order: second'),
    at: (t) => pos(t, 'second'),
  },
  {
    name: 'typo in a provenance status',
    ruleId: 'invalid-value',
    file: `${C}finance/banking-services.md`,
    apply: replace('status: VERIFIED', 'status: VERIFED'),
    at: (t) => pos(t, 'VERIFED'),
  },
  {
    name: 'SOC code missing a digit',
    ruleId: 'soc-format',
    file: `${C}marketing/merchandising.md`,
    apply: replace(/code: "(\d\d-\d{4})\.(\d\d)"/, 'code: "$1.$2x"'),
    at: (t) => pos(t, 'x"', -11),
  },
  {
    name: 'the same key twice',
    ruleId: 'duplicate-key',
    file: `${C}marketing/marketing-research.md`,
    apply: replace(/(order: \d+\n)/, '$1title: Research\n'),
    at: (t) => pos(t, 'title: Research'),
  },
  {
    name: 'a tab for indentation',
    ruleId: 'yaml-syntax',
    file: `${C}health-science/support-services.md`,
    apply: replace('  status:', '\tstatus:'),
    at: (t) => pos(t, '\tstatus'),
  },
  {
    name: 'no closing fence',
    ruleId: 'frontmatter-unclosed',
    file: `${C}health-science/health-informatics.md`,
    apply: replace(/\n---\n/, '\n\n'),
    // Where the closing `---` belongs: the first line after the last field.
    at: (t) => pos(t, '\n\n', 1),
  },
  {
    name: 'no frontmatter',
    ruleId: 'frontmatter-missing',
    file: `${C}hospitality-tourism/lodging.md`,
    apply: replace(/^---\n/, ''),
    at: start,
  },
  {
    name: 'id changed to rename a node',
    ruleId: 'id-matches-filename',
    file: `${C}hospitality-tourism/travel-tourism.md`,
    apply: replace('id: travel-tourism', 'id: travel-and-tourism'),
    at: (t) => pos(t, 'travel-and-tourism'),
  },
  {
    name: 'id in Title_Case',
    ruleId: 'id-format',
    file: `${C}human-services/consumer-services.md`,
    apply: replace('id: consumer-services', 'id: Consumer_Services'),
    at: (t) => pos(t, 'Consumer_Services'),
  },
  {
    name: 'copied a sibling title',
    ruleId: 'title-unique-in-parent',
    file: `${C}information-technology/web-digital-communications.md`,
    apply: replace(/title: .*/, 'title: Network Systems'),
    at: (t) => pos(t, 'Network Systems'),
  },
  {
    name: 'copied a sibling order',
    ruleId: 'order-unique',
    file: `${C}manufacturing/production.md`,
    apply: replace(/order: \d+/, 'order: 1'),
    at: (t) => pos(t, 'order: 1', 7),
  },
  {
    name: 'alias that is another cluster',
    ruleId: 'alias-conflict',
    file: `${C}finance/index.md`,
    apply: replace(/(order: \d+\n)/, '$1aliases:\n  - Marketing\n'),
    at: (t) => pos(t, '- Marketing', 2),
  },
  {
    name: 'an occupation listed twice',
    ruleId: 'soc-duplicate',
    file: `${C}education-training/teaching-training.md`,
    apply: replace(/(soc:\n {2}- code: ("[^"]+")\n)/, '$1  - code: $2\n'),
    at: (t) => nth(t, `code: ${/code: ("[^"]+")/.exec(t)![1]}`, 2, 6),
  },
  {
    name: 'CIP code without its leading zero',
    ruleId: 'cip-format',
    file: `${C}architecture-construction/construction.md`,
    apply: replace(/\n---\n/, '\ncip:\n  - code: "1.0901"\n---\n'),
    at: (t) => pos(t, '"1.0901"'),
  },
  {
    name: 'a placeholder definition',
    ruleId: 'definition-required',
    file: `${C}architecture-construction/maintenance-operations.md`,
    apply: (t) => `${t.split('\n---\n')[0]}\n---\n\nTBD\n`,
    at: (t) => pos(t, 'TBD'),
  },
  {
    name: 'a link to a file that is not there',
    ruleId: 'link-resolves',
    file: `${C}law-public-safety-corrections-security/legal-services.md`,
    apply: (t) => `${t}\nSee also [courts](court-services.md).\n`,
    at: (t) => pos(t, '[courts]'),
  },
  {
    name: 'the mark left out',
    ruleId: 'trademark',
    file: 'framework.md',
    apply: replace(/(\n---\n[\s\S]*?)National Career Clusters® Framework/, '$1National Career Clusters Framework'),
    at: (t) => nth(t, 'The National Career Clusters Framework', 1, 4),
  },
  {
    name: 'a pathway in a folder with no index.md',
    ruleId: 'parent-exists',
    file: `${C}green-jobs/solar.md`,
    prepare: (c) => {
      mkdirSync(join(c, `${C}green-jobs`));
      writeFileSync(
        join(c, `${C}green-jobs/solar.md`),
        '---\nid: solar\ntitle: Solar\norder: 1\nprovenance:\n  status: UNCERTAIN\n---\n\nCareers installing and maintaining solar panels on homes and businesses.\n',
      );
    },
    at: (t) => pos(t, 'solar'),
  },
  {
    name: 'a pathway copied into a second cluster',
    ruleId: 'id-unique',
    file: `${C}marketing/accounting.md`,
    prepare: (c) => {
      writeFileSync(
        join(c, `${C}marketing/accounting.md`),
        readFileSync(join(c, `${C}finance/accounting.md`), 'utf8')
          .replace(/order: \d+/, 'order: 99')
          .replace('tittle:', 'title:'),
      );
    },
    at: (t) => pos(t, 'accounting'),
  },
  {
    name: 'an alias pasted twice',
    ruleId: 'duplicate-item',
    file: `${C}agriculture-food-natural-resources/index.md`,
    apply: replace(/(aliases:\n)( {2}- .*\n)/, '$1$2$2'),
    at: (t) => nth(t, '  - Agriculture, Food and Natural Resources', 2, 4),
  },
  {
    name: 'saved as Latin-1',
    ruleId: 'encoding',
    file: `${C}human-services/personal-care-services.md`,
    apply: (t) =>
      Buffer.concat([
        Buffer.from(t.slice(0, t.indexOf('title: ') + 7)),
        Buffer.from([0xe9]),
        Buffer.from(t.slice(t.indexOf('title: ') + 7)),
      ]),
    at: (t) => pos(t, 'title: ', 7),
  },
  {
    name: 'retired without a reason',
    ruleId: 'retired-has-successor-or-reason',
    file: `${C}transportation-distribution-logistics/sales-service.md`,
    apply: replace(/(order: \d+\n)/, '$1status: retired\n'),
    at: (t) => pos(t, 'retired'),
  },
  {
    name: 'a node deriving from itself',
    ruleId: 'derived-from-acyclic',
    file: `${C}science-technology-engineering-mathematics/science-mathematics.md`,
    apply: replace(/(order: \d+\n)/, '$1derivedFrom: [science-mathematics]\n'),
    at: (t) => pos(t, '[science-mathematics]', 1),
  },
  {
    name: 'a folder named like a file',
    ruleId: 'not-a-file',
    file: `${C}finance/new-pathway.md`,
    prepare: (c) => mkdirSync(join(c, `${C}finance/new-pathway.md`)),
    at: start,
  },
  {
    name: 'a required field deleted',
    ruleId: 'missing-key',
    file: `${C}government-public-administration/planning.md`,
    apply: replace(/order: \d+\n/, ''),
    at: (t) => pos(t, 'id:'),
  },
  {
    name: 'a symlink to a draft outside content/',
    ruleId: 'symlink',
    file: `${C}finance/draft.md`,
    prepare: (c) => symlinkSync('/etc/passwd', join(c, `${C}finance/draft.md`)),
    at: start,
  },
];

const t = tempContent();
const outputs = new Map<string, { code: number; out: string; err: string }>();
const formats = ['compact', 'stylish', 'json', 'sarif', 'github'] as const;

beforeAll(async () => {
  const files = new Set<string>();
  for (const b of breaks) {
    expect(files.has(b.file), `${b.file} broken twice`).toBe(false);
    files.add(b.file);
    if (b.prepare) b.prepare(t.content);
    else {
      const path = join(t.content, b.file);
      writeFileSync(path, b.apply!(readFileSync(path, 'utf8')));
    }
  }
  for (const f of formats) outputs.set(f, await ccf(t.dir, ['lint', '--format', f]));
});
afterAll(() => t.cleanup());

describe('25 ways to break content/', () => {
  it('has at least 25 breaks', () => expect(breaks.length).toBeGreaterThanOrEqual(25));

  it.each(formats)('%s: exit 1, no stack trace', (f) => {
    const r = outputs.get(f)!;
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
  });

  it('SARIF validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(outputs.get('sarif')!.out)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  describe.each(breaks)('$name → $ruleId', (b) => {
    it.each(formats)('%s', (f) => {
      const hits: Hit[] = parseOutput(f, outputs.get(f)!.out);
      let text = '';
      try {
        text = readFileSync(join(t.content, b.file), 'latin1');
      } catch {
        // a folder or a dangling place: the diagnostic is at 1:1
      }
      const at = b.at(text);
      const mine = hits.filter((h) => h.file === `content/${b.file}` && h.ruleId === b.ruleId);
      expect(mine.map((h) => ({ line: h.line, column: h.column }))).toContainEqual(at);
    });
  });
});
