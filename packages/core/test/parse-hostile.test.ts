import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/index.js';
import { parseFile } from '../src/node.js';

const head = '---\nid: b\ntitle: B\norder: 1\nprovenance:\n  status: VERIFIED\n';
const P = 'clusters/a/b.md';
const ids = (text: string | Uint8Array) => parseFile(P, text).diagnostics.map((d) => [d.ruleId, d.line, d.column]);

describe('parseFile on hostile input', () => {
  it('keeps __proto__ and constructor as plain data, never touching prototypes', () => {
    const f = parseFile(P, `${head}__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n---\n`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(f.data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(f.data, '__proto__')).toBe(true);
    expect(f.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['unknown-key', 7, 1],
      ['unknown-key', 9, 1],
    ]);
  });

  it('keeps YAML 1.1 traps as strings: NO, yes, off, 0755, 010100, 1:30:00', () => {
    const f = parseFile(P, `${head}aliases: [NO, yes, off, "x", 0755, 010100, 1:30:00]\n---\n`);
    expect(f.data?.aliases).toEqual(['NO', 'yes', 'off', 'x', '0755', '010100', '1:30:00']);
    expect(f.diagnostics).toEqual([]);
  });

  it('says "quote it" for version: 1.10, pointing at the value', () => {
    const d = parseFile('framework.md', '---\nid: f\ntitle: F\nversion: 1.10\n---\n').diagnostics.find((x) => x.ruleId === 'wrong-type')!;
    expect([d.line, d.column, d.endColumn]).toEqual([4, 10, 14]);
    expect(d.note).toBe('YAML reads `1.10` as a number; put it in quotes: `version: "1.10"`.');
  });

  it('keeps positions right with a BOM and CRLF line endings', () => {
    expect(ids('\ufeff---\r\nid: b\r\ntitle: B\r\norder: 1\r\nprovenance:\r\n  status: VERIFIED\r\ntittle: x\r\n---\r\n')).toEqual([
      ['unknown-key', 7, 1],
    ]);
    expect(ids(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${head}order: 2\n---\n`)]))).toEqual([['duplicate-key', 7, 1]]);
  });

  it('finds duplicate keys in linear time, with the first place as related', () => {
    const text = (n: number): string => `${head}${Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n')}\nk0: 2\n---\n`;
    // Growth, not a time limit (a shared machine makes wall-clock limits flaky): ten times the keys may cost about
    // ten times as much, a quadratic scan a hundred. Best of three runs of each size, measured in the same process.
    const best = (n: number): number => {
      const input = text(n);
      let min = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        parseFile(P, input);
        min = Math.min(min, performance.now() - started);
      }
      return min;
    };
    best(2000); // warm-up: the first parse compiles the code paths
    expect(best(20_000) / best(2000)).toBeLessThan(40);
    const f = parseFile(P, text(5000));
    const d = f.diagnostics.find((x) => x.ruleId === 'duplicate-key')!;
    expect([d.line, d.column, d.related?.[0]?.line]).toEqual([5007, 1, 7]);
  });

  it('refuses deep nesting before the parser recurses', () => {
    for (const deep of [`x: ${'['.repeat(10000)}`, `x: ${'{a: '.repeat(5000)}`, `${'- '.repeat(10000)}x`, `? ${'? '.repeat(10000)}x`]) {
      const d = parseFile(P, `---\n${deep}\n---\n`).diagnostics;
      expect(d.map((x) => [x.ruleId, x.line])).toEqual([['yaml-syntax', 2]]);
      expect(d[0]!.message).toMatch(/nested more than 64 levels/);
    }
  });

  it('refuses oversized frontmatter and files', () => {
    expect(ids(`---\ntitle: ${'x'.repeat(200_000)}\n---\n`)).toEqual([['file-too-large', 1, 1]]);
    expect(ids(new Uint8Array(2 * 1024 * 1024))).toEqual([['file-too-large', 1, 1]]);
  });

  it('reports the exact first bad UTF-8 byte, and NUL bytes', () => {
    expect(ids(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x61, 0xc3, 0x28]))).toEqual([['encoding', 2, 2]]);
    expect(ids(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80]))).toEqual([['encoding', 2, 1]]);
    expect(ids('---\nid: b\0\n---\n')).toEqual([['encoding', 2, 6]]);
  });

  it('refuses alias bombs and custom tags', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
    ].join('\n');
    expect(ids(`---\n${bomb}\n---\n`)).toEqual([['yaml-syntax', 2, 1]]);
    expect(ids(`${head}x: !!js/function "f"\ny: !!binary aGk=\nz: !!set {a}\n---\n`)).toEqual([
      ['yaml-syntax', 7, 4],
      ['yaml-syntax', 8, 4],
      ['yaml-syntax', 9, 4],
    ]);
  });

  it('reports a second frontmatter block', () => {
    expect(ids(`${head}---\n---\nsoc: []\n---\n`)).toEqual([['yaml-syntax', 8, 1]]);
  });
});

describe('parseMarkdown budget', () => {
  it.each([
    ['20 KB of >', '>'.repeat(20 * 1024)],
    ['20 KB of - ', `${'- '.repeat(10 * 1024)}x`],
    ['a run of 10,000 *', `${'*'.repeat(10000)}a${'*'.repeat(10000)}`],
    ['5,000 *a', '*a'.repeat(5000)],
    ['100 KB', 'word '.repeat(20 * 1024)],
  ])('refuses %s quickly, with a place', (_, text) => {
    // "Quickly" next to a benign body of about the same size parsed at the same moment: a blow-up is many times
    // slower, while a busy machine slows both alike.
    const benign = performance.now();
    parseMarkdown(`intro\n\n${'plain words. '.repeat(1500)}`);
    const plain = performance.now() - benign;
    const started = performance.now();
    const r = parseMarkdown(`intro\n\n${text}`);
    expect(performance.now() - started).toBeLessThan(Math.max(200, 20 * plain));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBeGreaterThanOrEqual(1);
  });

  it('parses an ordinary definition', () => {
    const r = parseMarkdown('Careers in *finance*, see [accounting](accounting.md).\n\n- one\n  - two\n\n> quote\n');
    expect(r.ok).toBe(true);
  });
});
