import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, parseMarkdown, type ParsedFile } from '../src/index.js';
import { parseFile } from '../src/node.js';

/** Real content files, the seeds the mutations start from. */
const root = new URL('../../../content/', import.meta.url).pathname;
const seeds: { path: string; text: string }[] = [{ path: 'framework.md', text: readFileSync(join(root, 'framework.md'), 'utf8') }];
for (const dir of readdirSync(join(root, 'clusters')).sort().slice(0, 6))
  for (const f of readdirSync(join(root, 'clusters', dir))
    .sort()
    .slice(0, 3))
    seeds.push({ path: `clusters/${dir}/${f}`, text: readFileSync(join(root, 'clusters', dir, f), 'utf8') });

/** Pieces of YAML and Markdown structure that break things in interesting ways. */
const tokens = [
  '---',
  '...',
  ':',
  ': ',
  '- ',
  '? ',
  '\t',
  '  ',
  '\n',
  '\r\n',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!!binary ',
  '!!js/function ',
  '!tag ',
  '#',
  '|',
  '>',
  '%YAML 1.1\n',
  '<<: ',
  '__proto__: ',
  '\u0000',
  '\ufeff',
  '\ud800',
  'é',
  '1.10',
  '0755',
  'NO',
  '~',
  '`',
  '*',
  '_',
  '[x](../y.md)',
  '> > > > ',
];

const byteMutation = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'insert', 'delete'), byte: fc.integer({ min: 0, max: 255 }) });
const textMutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('insert', 'delete', 'replace', 'repeat'),
  token: fc.constantFrom(...tokens),
  n: fc.integer({ min: 1, max: 400 }),
});

function applyBytes(bytes: Uint8Array, ms: { at: number; op: string; byte: number }[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of ms) {
    const i = b.length ? m.at % b.length : 0;
    if (m.op === 'set' && b.length) b[i] = m.byte;
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
  }
  return b;
}

function applyText(text: string, ms: { at: number; op: string; token: string; n: number }[]): string {
  let t = text;
  for (const m of ms) {
    const i = t.length ? m.at % t.length : 0;
    if (m.op === 'insert') t = t.slice(0, i) + m.token + t.slice(i);
    else if (m.op === 'delete') t = t.slice(0, i) + t.slice(i + m.n);
    else if (m.op === 'replace') t = t.slice(0, i) + m.token + t.slice(i + m.token.length);
    else t = t.slice(0, i) + m.token.repeat(m.n) + t.slice(i);
  }
  return t;
}

function check(file: ParsedFile, path: string): void {
  for (const d of file.diagnostics) {
    expect(d.file).toBe(path);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.ruleId).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe('fuzz: mutated real content files', () => {
  it('byte mutations: parseFile never throws, every diagnostic has a file and a place', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(byteMutation, { minLength: 1, maxLength: 8 }), (seed, ms) => {
        const bytes = applyBytes(Buffer.from(seed.text), ms);
        check(parseFile(seed.path, bytes), seed.path);
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('YAML/Markdown structure mutations: parse and assemble never throw, and finish in bounded time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(textMutation, { minLength: 1, maxLength: 6 }), (seed, ms) => {
        const text = applyText(seed.text, ms);
        const started = performance.now();
        const file = parseFile(seed.path, text);
        check(file, seed.path);
        const result = assemble([file], { label: 'fuzz', kind: 'directory' });
        for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
        const md = parseMarkdown(file.body);
        if (!md.ok && md.line !== undefined) expect(md.line).toBeGreaterThanOrEqual(1);
        // A hang guard per input (a blow-up runs for minutes), not a speed check: bench/ measures speed.
        expect(performance.now() - started).toBeLessThan(10_000);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
