import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ccf } from './lint-helpers.js';

/**
 * Hostile input: each case is a fixture folder (`files/` laid over a small valid framework, or a
 * generator below for what is too big or odd to commit) with its expected report beside it
 * (`expected.txt`, the compact format). Every run must exit 1, print no stack, finish in bounded
 * time, and go on to the other files: a canary file with an unknown key must always be reported.
 * UPDATE_GOLDEN=1 rewrites the expected reports.
 */
const fixtures = new URL('./fixtures/lint-hostile/', import.meta.url).pathname;
const base = new URL('./fixtures/lint-base/content/', import.meta.url).pathname;
const INS = 'clusters/finance/insurance.md';
const head = '---\nid: insurance\ntitle: Insurance\norder: 2\nprovenance:\n  status: VERIFIED\n';

const generated: Record<string, (content: string) => void> = {
  'big-file-20mb': (c) => writeFileSync(join(c, INS), Buffer.alloc(20 * 1024 * 1024, 'a')),
  'binary-bytes': (c) => writeFileSync(join(c, INS), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x0a])),
  'dir-named-md': (c) => mkdirSync(join(c, 'clusters/finance/banking.md')),
  'symlink-out': (c) => {
    symlinkSync('/etc/passwd', join(c, INS.replace('insurance', 'passwd')));
    symlinkSync('/etc', join(c, 'clusters/etc'));
  },
  'nested-10000': (c) =>
    writeFileSync(
      join(c, INS),
      `${head}deep: ${'['.repeat(10000)}${']'.repeat(10000)}\nlist: ${'- '.repeat(10000)}x\n---\n\nCareers in insurance, a long enough definition of the node.\n`,
    ),
  'line-1mb': (c) => {
    writeFileSync(join(c, INS), `${head}title2: ${'x'.repeat(1_000_000)}\n---\n\nCareers in insurance.\n`);
    writeFileSync(
      join(c, 'clusters/finance/accounting.md'),
      `${readFileSync(join(c, 'clusters/finance/accounting.md'), 'utf8')}\n${'word '.repeat(200_000)}\n`,
    );
  },
  'markdown-bomb': (c) => writeFileSync(join(c, INS), `${head}---\n\n${'>'.repeat(20 * 1024)}\n`),
  'list-bomb': (c) =>
    writeFileSync(
      join(c, INS),
      `${head}---\n\nCareers in insurance, a long enough definition.\n\n${'- '.repeat(10 * 1024)}x\n\n${'**'.repeat(5000)}a${'**'.repeat(5000)}\n`,
    ),
};

const cases = readFileSync(join(fixtures, 'README.md'), 'utf8')
  .split('\n')
  .flatMap((l) => /^- `([a-z0-9-]+)`/.exec(l)?.[1] ?? []);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('hostile input', () => {
  // A blow-up (an alias bomb, a quadratic scan) shows as a run many times slower than linting the plain base at the
  // same moment on the same machine; a fixed number of seconds would only measure how busy the machine is.
  let plain = 0;
  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ccf-hostile-base-'));
    cpSync(base, join(tmp, 'content'), { recursive: true });
    const started = performance.now();
    await ccf(tmp, ['lint']);
    plain = performance.now() - started;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('every fixture folder is listed and every listed case has a fixture', () => {
    const folders = new Set([...Object.keys(generated), ...cases]);
    for (const c of cases) expect(existsSync(join(fixtures, c)), c).toBe(true);
    expect([...folders].sort()).toEqual([...cases].sort());
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', async (name) => {
    dir = mkdtempSync(join(tmpdir(), 'ccf-hostile-'));
    const content = join(dir, 'content');
    cpSync(base, content, { recursive: true });
    if (existsSync(join(fixtures, name, 'files'))) cpSync(join(fixtures, name, 'files'), dir, { recursive: true });
    generated[name]?.(content);
    writeFileSync(
      join(content, 'clusters/marketing/zz-canary.md'),
      '---\nid: zz-canary\ntitle: Canary\norder: 9\nprovenance:\n  status: VERIFIED\ncanary: true\n---\n\nA canary: this file must be reported whatever happens elsewhere.\n',
    );

    const started = performance.now();
    const r = await ccf(dir, ['lint']);
    const elapsed = performance.now() - started;

    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/\n\s+at |internal error/);
    expect(r.out).toContain('content/clusters/marketing/zz-canary.md:7:1  error  Unexpected property `canary`');
    expect(elapsed).toBeLessThan(Math.max(5000, 10 * plain));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();

    const expected = join(fixtures, name, 'expected.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(expected, r.out);
    expect(r.out).toBe(readFileSync(expected, 'utf8'));
  });
});
