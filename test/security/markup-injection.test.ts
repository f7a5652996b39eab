/**
 * Attack: a definition carrying raw HTML or a script URL. Definitions are published as plain text (CSV definition
 * column, case.json `notes`, framework.json `definition.text`), which consumers drop into web pages. Every variant
 * below must be a lint error (no-unsafe-markup), make `ccf publish` refuse, and — for a caller that skips lint —
 * never reach a plain-text output as markup or as a script URL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { assemble, type Framework, type LoadResult } from '@ccf/core';
import { parseFile } from '@ccf/core/node';
import { lint } from '@ccf/lint';
import { buildRelease } from '@ccf/publish';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { smallContent, tempContent } from './small-content.js';

const I = 'clusters/finance/insurance.md';

/** Raw HTML, block and inline, in the shapes an attacker would try. */
const rawHtml = [
  '<script>alert(1)</script>',
  '<ScRiPt>alert(1)</sCrIpT>',
  'Text <img src=x onerror=alert(1)> more text.',
  'Text <img\nsrc=x onerror=alert(1)> across lines.',
  '<svg onload=alert(1)>',
  '<svg/onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  'A <a href="javascript:alert(1)">link</a> in HTML.',
  '<details open ontoggle=alert(1)>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<!-- <script>alert(1)</script> -->',
  '<div>\n\n*markdown inside*\n\n</div>',
];

/** Links, images and definitions to URLs that are not http(s), mailto or relative; obfuscated as browsers allow. */
const unsafeUrls = [
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](<java\tscript:alert(1)>)',
  '[click](<\tjavascript:alert(1)>)',
  '[click](java&#x09;script:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript&colon;alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](file:///etc/passwd)',
  '![alt](javascript:alert(1))',
  '![alt](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '[click][ref]\n\n[ref]: javascript:alert(1)',
  '[ref]: JAVASCRIPT:alert(1)',
  '<javascript:alert(1)>',
  '<JaVaScRiPt:alert(1)>',
  '<data:text/html,alert(1)>',
];

/** Text that reads as a tag once a consumer unescapes or renders it. */
const escapedTags = [
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&LT;img src=x onerror=alert(1)&GT;',
  '&#60;svg onload=alert(1)&#62;',
  '&#x3C;iframe src=javascript:alert(1)&#x3E;',
  '\\<img src=x onerror=alert(1)>',
  'Use `<script>alert(1)</script>` here.',
  '```\n<script>alert(1)</script>\n```',
];

/** Each variant, and whether a script URL in it must also be gone (escaped tags keep their words as text). */
const variants: [string, string, boolean][] = [
  ...rawHtml.map((v): [string, string, boolean] => [JSON.stringify(v), v, true]),
  ...unsafeUrls.map((v): [string, string, boolean] => [JSON.stringify(v), v, true]),
  ...escapedTags.map((v): [string, string, boolean] => [JSON.stringify(v), v, false]),
];

/** Content whose insurance definition ends with `markup`. */
function withMarkup(markup: string): Record<string, string> {
  const files = smallContent();
  files[I] = `${files[I]}\n${markup}\n`;
  return files;
}

function load(files: Record<string, string>): LoadResult {
  return assemble(
    Object.entries(files).map(([path, text]) => parseFile(path, Buffer.from(text))),
    { label: 'test', kind: 'directory', date: '2024-01-01T00:00:00Z' },
  );
}

/** Every plain text a release carries: the CSV definition columns, case.json notes and descriptions, framework.json text. */
async function plainOutputs(framework: Framework): Promise<string[]> {
  const files = await buildRelease(framework, { toolVersion: '0.0.0', baseUrl: 'https://ccf.test/' });
  const text = (name: string): string => new TextDecoder().decode(files.get(name));
  const out: string[] = [];
  for (const csv of ['clusters.csv', 'subclusters.csv'])
    for (const row of parse(text(csv), { columns: true }) as Record<string, string>[]) out.push(row.definition ?? '');
  const kase = JSON.parse(text('case.json')) as { CFDocument: { description?: string }; CFItems: { notes?: string }[] };
  out.push(kase.CFDocument.description ?? '', ...kase.CFItems.map((i) => i.notes ?? ''));
  const fw = JSON.parse(text('framework.json')) as {
    introduction: { text: string };
    clusters: { definition: { text: string }; subclusters: { definition: { text: string } }[] }[];
  };
  out.push(fw.introduction.text);
  for (const c of fw.clusters) out.push(c.definition.text, ...c.subclusters.map((s) => s.definition.text));
  return out;
}

/** A `<` that an HTML parser reads as the start of a tag, comment or declaration. */
const TAG = /<[A-Za-z!/?]/;
/** A URL scheme a browser would run or load, as left by a link or autolink. */
const SCRIPT_URL = /(?:java|vb)\s*script\s*:|data\s*:|file\s*:/i;

async function ccf(argv: string[], cwd: string) {
  const r = { out: '', err: '' };
  const io: Io = { cwd, env: { PATH: process.env.PATH }, isTTY: false, stdout: (t) => void (r.out += t), stderr: (t) => void (r.err += t) };
  const code = await main(argv, io);
  return { code, ...r };
}

describe('a definition with raw HTML, an unsafe URL or an escaped tag', () => {
  it.each(variants)(
    '%s is a lint error (no-unsafe-markup) and never reaches a plain-text output, even past lint',
    async (_, markup, urlGone) => {
      const loaded = load(withMarkup(markup));
      const found = lint(loaded).filter((d) => d.ruleId === 'no-unsafe-markup');
      expect(found.length).toBeGreaterThan(0);
      for (const d of found) {
        expect(d).toMatchObject({ file: I, severity: 'error' });
        expect(d.line).toBeGreaterThanOrEqual(12);
      }
      const texts = await plainOutputs(loaded.framework);
      expect(texts.filter((t) => TAG.test(t))).toEqual([]);
      if (urlGone) expect(texts.filter((t) => SCRIPT_URL.test(t))).toEqual([]);
    },
  );
});

describe('the introduction in framework.md', () => {
  it.each(['<script>alert(1)</script>', '[x](javascript:alert(1))', '&lt;img src=x onerror=alert(1)&gt;'])(
    '%s is an error and stays out of case.json',
    async (markup) => {
      const files = smallContent();
      files['framework.md'] = `${files['framework.md']}\n${markup}\n`;
      const loaded = load(files);
      expect(lint(loaded).filter((d) => d.ruleId === 'no-unsafe-markup' && d.file === 'framework.md')).toHaveLength(1);
      expect((await plainOutputs(loaded.framework)).filter((t) => TAG.test(t) || SCRIPT_URL.test(t))).toEqual([]);
    },
  );
});

describe('ccf publish', () => {
  it.each([rawHtml[2]!, unsafeUrls[1]!, unsafeUrls[5]!, escapedTags[0]!])('refuses a definition with %j', async (markup) => {
    // Publishing needs a real baseUrl (ADR 0016); the fixture's framework.md, made for lint, has none.
    const framework = smallContent()['framework.md']!.replace('terms:', 'baseUrl: https://ccf.test/\nterms:');
    const dir = await tempContent({ [I]: withMarkup(markup)[I]!, 'framework.md': framework });
    try {
      const r = await ccf(['publish', '--from', 'content', '--out', 'out'], dir.dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^clusters\/finance\/insurance\.md:\d+:\d+ {2}error {2}Unexpected .* {2}no-unsafe-markup$/m);
    } finally {
      await dir.cleanup();
    }
  });

  it('publishes safe links and a plain `<` unchanged', async () => {
    const markup = 'See [a page](https://example.org/x), [mail](mailto:editor@example.org), [accounting](accounting.md) and a < b.';
    // Publishing needs a real baseUrl (ADR 0016); the fixture's framework.md, made for lint, has none.
    const framework = smallContent()['framework.md']!.replace('terms:', 'baseUrl: https://ccf.test/\nterms:');
    const dir = await tempContent({ [I]: withMarkup(markup)[I]!, 'framework.md': framework });
    try {
      const r = await ccf(['publish', '--from', 'content', '--out', 'out'], dir.dir);
      expect(r.err).not.toContain('error');
      expect(r.code).toBe(0);
      const rows = parse(readFileSync(join(dir.dir, 'out/subclusters.csv')), { columns: true }) as Record<string, string>[];
      expect(rows.find((row) => row.id === 'insurance')?.definition).toMatch(/See a page, mail, accounting and a < b\.$/);
    } finally {
      await dir.cleanup();
    }
  });
});
