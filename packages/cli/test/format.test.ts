import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '@ccf/core/node';
import { formatFile } from '@ccf/lint';
import { afterAll, describe, expect, it } from 'vitest';
import { ccf, repoContent, tempContent } from './lint-helpers.js';

function contentFiles(root: string): string[] {
  return [
    'framework.md',
    ...readdirSync(join(root, 'clusters')).flatMap((d) => readdirSync(join(root, 'clusters', d)).map((f) => `clusters/${d}/${f}`)),
  ];
}

describe('formatFile over all of content/', () => {
  const files = contentFiles(repoContent);
  it('covers the real content', () => expect(files.length).toBeGreaterThan(90));

  it.each(files)('%s: never changes meaning, and is idempotent', (path) => {
    const text = readFileSync(join(repoContent, path), 'utf8');
    const once = formatFile(path, text);
    expect(once.status).not.toBe('skipped');
    if (once.status === 'skipped') return;
    const a = parseFile(path, text);
    const b = parseFile(path, once.output);
    expect(b.data).toEqual(a.data);
    expect(b.body).toBe(a.body);
    expect(b.diagnostics).toEqual(a.diagnostics);
    const twice = formatFile(path, once.output);
    expect(twice).toEqual({ status: 'unchanged', output: once.output });
  });
});

describe('formatFile', () => {
  const messy =
    "---\r\nsoc: [{title: Accountants, code: '13-2011.00'}]\r\norder: 1\r\n# kept with title\r\ntitle: 'Accounting'\r\nprovenance: {sources: [a, b], status: VERIFIED}\r\nid: accounting\r\naliases: [yes, '0755', \"plain text\", 'NO']\r\n---\r\n\r\nBody *stays*   as is.\r\n";
  it('orders keys as the schema does, writes block lists, quotes what other YAML readers misread, keeps comments and CRLF', () => {
    const r = formatFile('clusters/finance/accounting.md', messy);
    expect(r.status).toBe('changed');
    expect(r.status !== 'skipped' && r.output).toBe(
      '---\r\nid: accounting\r\n# kept with title\r\ntitle: Accounting\r\naliases:\r\n  - "yes"\r\n  - "0755"\r\n  - plain text\r\n  - "NO"\r\norder: 1\r\nprovenance:\r\n  status: VERIFIED\r\n  sources:\r\n    - a\r\n    - b\r\nsoc:\r\n  - code: "13-2011.00"\r\n    title: Accountants\r\n---\r\n\r\nBody *stays*   as is.\r\n',
    );
  });
  it('skips a file with parse errors', () => {
    expect(formatFile('clusters/a/b.md', '---\nid: b\nid: c\n---\n').status).toBe('skipped');
    expect(formatFile('clusters/a/b.md', 'no frontmatter').status).toBe('skipped');
    expect(formatFile('clusters/a/b.md', '---\nx: [\n---\n').status).toBe('skipped');
  });
});

describe('ccf format', () => {
  const t = tempContent();
  afterAll(() => t.cleanup());
  const messyPath = join(t.content, 'clusters/finance/accounting.md');
  const brokenPath = join(t.content, 'clusters/finance/insurance.md');

  it('--check on the real content: nothing to do, exit 0', async () => {
    const r = await ccf(t.dir, ['format', '--check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^0 files to format, \d+ unchanged, 0 skipped\n$/);
  });

  it('--check lists a messy file and exits 1 without writing; format rewrites it; a broken file is never touched', async () => {
    const original = readFileSync(messyPath, 'utf8');
    const messy = original.replace(/^---\nid: accounting\ntitle: Accounting\n/, "---\ntitle: 'Accounting'\nid: accounting\n");
    expect(messy).not.toBe(original);
    writeFileSync(messyPath, messy);
    const broken = `${readFileSync(brokenPath, 'utf8').replace('title:', 'title: [')}`;
    writeFileSync(brokenPath, broken);
    const brokenMtime = statSync(brokenPath).mtimeMs;

    const check = await ccf(t.dir, ['format', '--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('content/clusters/finance/accounting.md: not in the canonical form\n');
    expect(readFileSync(messyPath, 'utf8')).toBe(messy);

    const run = await ccf(t.dir, ['format', 'content/clusters/finance']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/content\/clusters\/finance\/insurance.md: skipped, \d+:\d+ .*yaml-syntax/);
    expect(readFileSync(messyPath, 'utf8')).toBe(original);
    expect(readFileSync(brokenPath, 'utf8')).toBe(broken);
    expect(statSync(brokenPath).mtimeMs).toBe(brokenMtime);
    expect(readdirSync(join(t.content, 'clusters/finance')).filter((f) => f.includes('ccf-tmp'))).toEqual([]);
  });
});
