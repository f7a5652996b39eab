/**
 * Attack class: report injection. A pull request names files (ids come from file names) or writes titles so that
 * the change report posted on the PR, the HTML preview, the crosswalk CSV, the SSSOM TSV or the lint output say
 * something else than what changed: a newline and `<!--` hides the rest of a Markdown report, a forged
 * `## No breaking changes` heading, a `|` that breaks a table, backticks that end a code span, HTML tags, spreadsheet
 * formulas, tabs and line breaks in TSV, ANSI escapes in a terminal. Every source refuses a name that is not an id;
 * every renderer and reporter escapes what content it prints.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from '@ccf/core';
import { directorySource, gitSource, loadFramework, releaseSource } from '@ccf/core/node';
import type { GitRepo } from '@ccf/core/testing';
import { CROSSWALK_COLUMNS } from '@ccf/diff';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../facts.js';
import { ccf, contentFolder, hostileRepo, RAW_CONTROL, subcluster } from './hostile.js';

/** File names (without `.md`) that would become ids: one per variant of the attack. */
const NAMES: Record<string, string> = {
  'newline and an HTML comment': 'x\n<!-- everything below is hidden',
  'a forged heading': 'y\n## No breaking changes',
  'a pipe in a table cell': 'a|b',
  backticks: 'c`<b>bold`',
  'an HTML tag': '<img src=x onerror=alert(1)>',
  'a CSV formula': '=HYPERLINK("https:evil.example")',
  'a tab and a line break (TSV)': 't\tab\nrow',
  'an ANSI escape': '\u001b[2J\u001b[31mred',
};
const BAD_FOLDER = 'evil\n<!-- folder';

const hostileFiles = (): Record<string, string> => {
  const files: Record<string, string> = {};
  let order = 10;
  for (const name of Object.values(NAMES)) files[`clusters/finance/${name}.md`] = subcluster(name, `Node ${order}`, order++);
  files[`clusters/${BAD_FOLDER}/index.md`] =
    `---\nid: evil\ntitle: Evil\norder: 9\nprovenance:\n  status: VERIFIED\n---\n\nA cluster in a folder whose name is not an id, with a long enough definition.\n`;
  // Titles cannot be refused before the diff (a broken file is still reported on): they must be escaped.
  files['clusters/finance/accounting.md'] = subcluster('accounting', 'Accounting\r===', 1);
  files['clusters/finance/insurance.md'] = subcluster('insurance', 'Insurance \u202egnp.exe', 2);
  files['clusters/marketing/payroll.md'] = subcluster('payroll', 'Payroll\u000bforged\u2028row\tcell', 2);
  files['clusters/marketing/bonus.md'] = subcluster('bonus', '=HYPERLINK("https://evil.example")', 3);
  return files;
};

const badIds = [...Object.values(NAMES), BAD_FOLDER];

let repo: GitRepo;
beforeAll(async () => {
  repo = await hostileRepo(hostileFiles());
});
afterAll(() => repo?.cleanup());

function expectRefused(result: LoadResult): void {
  const ids = [...result.framework.nodes.keys()];
  for (const bad of badIds) expect(ids).not.toContain(bad);
  expect(ids).toEqual(expect.arrayContaining(['accounting', 'insurance', 'payroll', 'bonus']));
  const named = result.diagnostics.filter((d) => d.ruleId === 'id-format' && d.line === 1 && d.column === 1);
  expect(named.map((d) => d.file).sort()).toEqual(
    [...Object.values(NAMES).map((n) => `clusters/finance/${n}.md`), `clusters/${BAD_FOLDER}`].sort(),
  );
  for (const d of named) expect(d.message).not.toMatch(RAW_CONTROL);
}

describe('names that are not ids', () => {
  it('are refused by the git source with a positioned id-format error, never loaded as nodes', async () => {
    expectRefused(await loadFramework(gitSource({ repo: repo.dir, ref: 'main', contentDir: 'content' })));
  });

  it('are refused by the directory source the same way', async () => {
    const folder = await contentFolder(hostileFiles());
    try {
      expectRefused(await loadFramework(directorySource(folder.dir)));
    } finally {
      await folder.cleanup();
    }
  });

  it('are refused by the release source (a node file that is not `clusters/<id>/<id>.md`)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ccf-release-'));
    // A release whose integrity chain holds (index → manifest → framework.json): only the node's file is wrong.
    const dir = join(root, '9.9.9');
    await mkdir(dir);
    try {
      const published = JSON.parse(await readFile(join(repoRoot, 'releases/1.0.0/framework.json'), 'utf8')) as {
        clusters: { file: string }[];
      };
      published.clusters[0]!.file = `clusters/${BAD_FOLDER}/index.md`;
      const bytes = Buffer.from(JSON.stringify(published));
      await writeFile(join(dir, 'framework.json'), bytes);
      const hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
      const manifest = Buffer.from(JSON.stringify({ files: [{ path: 'framework.json', bytes: bytes.length, sha256: hex(bytes) }] }));
      await writeFile(join(dir, 'manifest.json'), manifest);
      await writeFile(join(root, 'index.json'), JSON.stringify({ releases: [{ version: '9.9.9', manifestSha256: hex(manifest) }] }));
      await expect(releaseSource(dir, '@9.9.9').load()).rejects.toThrow(/\/clusters\/0\/file/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
}
function walk(node: MdNode, out: MdNode[] = []): MdNode[] {
  out.push(node);
  for (const c of node.children ?? []) walk(c, out);
  return out;
}
const textOf = (n: MdNode): string => (n.value ?? '') + (n.children ?? []).map(textOf).join('');

describe('the Markdown change report (the PR comment)', () => {
  it('keeps its own structure: no hidden rest, no forged heading, no tag, one line per title', async () => {
    const run = await ccf(repo.dir, ['diff', 'main~1', 'main', '--format', 'md', '--no-cache']);
    expect(run.code).toBe(0);
    const md = run.stdout;
    const nodes = walk(unified().use(remarkParse).parse(md) as MdNode);
    const headings = nodes.filter((n) => n.type === 'heading').map((n) => `${n.depth} ${textOf(n)}`);
    // Clusters in framework order (Finance before Marketing), once per level section.
    expect(headings).toEqual(['2 Changes to the National Career Clusters® Framework', '4 Finance', '4 Marketing', '4 Finance']);
    // The only raw HTML is the report's own folding markup.
    for (const html of nodes.filter((n) => n.type === 'html'))
      expect(html.value).toMatch(
        /^(?:<\/?details>|<details><summary>[^<]*(?:<b>[^<]*<\/b>[^<]*)?<\/summary>|<\/?(?:summary|b|ins|del|br)>)$/,
      );
    expect(md).not.toMatch(/<!--|<img|\r|\u202e|\v|\u2028/);
    for (const bad of badIds) expect(md).not.toContain(bad);
  });
});

describe('the HTML change report (the preview)', () => {
  it('has no tag, comment or invisible character from content', async () => {
    const run = await ccf(repo.dir, ['diff', 'main~1', 'main', '--format', 'html', '--no-cache']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/<img|<!--|<b>bold/);
    // Line breaks and tabs are white space in HTML; every other invisible character is shown escaped.
    expect(run.stdout.replace(/[\n\r\t]/g, '')).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('Insurance \\u202egnp.exe');
  });
});

/** RFC 4180 records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('the crosswalk CSV (opened in a spreadsheet)', () => {
  it('has one record per row, one field per column each, and no cell a spreadsheet would run as a formula', async () => {
    const run = await ccf(repo.dir, ['crosswalk', 'main~1', 'main', '--format', 'csv', '--no-cache']);
    expect(run.code).toBe(0);
    const rows = parseCsv(run.stdout);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r).toHaveLength(CROSSWALK_COLUMNS.length);
      for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    for (const bad of badIds) expect(run.stdout).not.toContain(bad.replace(/"/g, '""'));
    expect(rows.some((r) => r.includes('\'=HYPERLINK("https://evil.example")'))).toBe(true);
  });
});

describe('the SSSOM/TSV crosswalk', () => {
  it('keeps one mapping per line and the metadata inside `#` comments, whatever line ends a reader knows', async () => {
    // Python's str.splitlines, which SSSOM tools rely on, ends lines at all of these.
    // eslint-disable-next-line no-control-regex -- these control characters are the point of the test
    const ends = /\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/;
    const run = await ccf(repo.dir, ['crosswalk', 'main~1', 'main', '--format', 'sssom', '--no-cache']);
    expect(run.code).toBe(0);
    const lines = run.stdout.replace(/\n$/, '').split(ends);
    const header = lines.findIndex((l) => l.startsWith('subject_id\t'));
    expect(lines.slice(0, header).every((l) => l.startsWith('#'))).toBe(true);
    const rows = lines.slice(header + 1);
    expect(rows.length).toBeGreaterThan(5);
    for (const l of rows) expect(l.split('\t')).toHaveLength(8);
    expect(rows.some((l) => l.includes('Payroll forged row cell'))).toBe(true);
    for (const bad of badIds) expect(run.stdout).not.toContain(bad);
  });
});

describe('lint output', () => {
  let folder: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    folder = await contentFolder(hostileFiles());
  });
  afterAll(() => folder?.cleanup());

  it('compact: one problem per line, nothing a terminal would act on', async () => {
    const run = await ccf(folder.dir, ['lint', folder.dir, '--format', 'compact', '--no-cache']);
    expect(run.code).toBe(1);
    const lines = run.stdout.replace(/\n$/, '').split('\n');
    // A problem's line, or its hint on an indented `  hint: ` line (a continuation of a hint indented further).
    for (const l of lines.slice(0, -1))
      expect(l).toMatch(/^(?:\S[^\n]*:\d+:\d+ {2}(?:error|warning|info) {2}.* {2}[a-z-]+| {2}hint: .*| {8}.*)$/);
    expect(run.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    expect(lines.filter((l) => l.includes('id-format')).length).toBeGreaterThanOrEqual(badIds.length);
  });

  it('stylish: no control or bidi character reaches the terminal', async () => {
    const run = await ccf(folder.dir, ['lint', folder.dir, '--format', 'stylish', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('\\x1b[2J');
  });

  it('github: one workflow command per line, and a step summary whose table keeps four columns', async () => {
    const summary = join(folder.dir, 'summary.md');
    const run = await ccf(folder.dir, ['lint', folder.dir, '--format', 'github', '--no-cache'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    for (const l of run.stdout.replace(/\n$/, '').split('\n'))
      expect(l).toMatch(/^::(?:error|warning|notice) file=[^:,]*,line=\d+,col=\d+/);
    expect(run.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    const md = await readFile(summary, 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| error') || l.startsWith('| warning'));
    expect(rows.length).toBeGreaterThanOrEqual(badIds.length);
    // Unescaped pipes outside code spans end cells: exactly five per row.
    for (const r of rows) expect(r.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
    // Tags and comments from content stay text or sit inside code spans: Markdown reads no HTML in the summary.
    expect(walk(unified().use(remarkParse).parse(md) as MdNode).filter((n) => n.type === 'html')).toEqual([]);
    expect(md.replace(/[\n\t]/g, '')).not.toMatch(RAW_CONTROL);
  });
});
