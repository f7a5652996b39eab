import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeSet } from '@ccf/diff';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

/** The shared helper from core's tests (`@ccf/core/testing`). */
interface GitRepo {
  dir: string;
  commit(files: Record<string, string | null>, message?: string): Promise<string>;
  git(args: string[]): string;
  cleanup(): Promise<void>;
}
const helperPath = '@ccf/core/testing';
const { gitRepo } = (await import(/* @vite-ignore */ helperPath)) as {
  gitRepo: (files?: Record<string, string | null>) => Promise<GitRepo>;
};

const repoRoot = new URL('../../../', import.meta.url).pathname;
const realContent = join(repoRoot, 'content');

/**
 * Copies the real 2002 edition into `dest`/content: the work tree's content while it is the 2002 edition, else
 * the commit release 1.0.0 was published from (once content/ holds the 2024 edition).
 */
function copy2002(dest: string): void {
  if (/^edition: "?2002"?$/m.test(readFileSync(join(realContent, 'framework.md'), 'utf8'))) {
    cpSync(realContent, join(dest, 'content'), { recursive: true });
    return;
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'releases/1.0.0/manifest.json'), 'utf8')) as { source: { commit: string } };
  const tar = execFileSync('git', ['archive', '--format=tar', manifest.source.commit, 'content'], { cwd: repoRoot, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dest], { input: tar });
}

function io(cwd: string): Io & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    cwd,
    env: {},
    isTTY: false,
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
  };
  return r;
}

async function run(cwd: string, ...argv: string[]) {
  return runWith({}, cwd, ...argv);
}

async function runWith(env: Record<string, string>, cwd: string, ...argv: string[]) {
  const i = io(cwd);
  i.env = env;
  const code = await main(argv, i);
  return { code, out: i.out, err: i.err };
}

const read = (dir: string, p: string): string => readFileSync(join(dir, 'content', p), 'utf8');

describe('ccf diff on the real 2002 content', () => {
  let repo: GitRepo;
  beforeAll(async () => {
    repo = await gitRepo();
    copy2002(repo.dir);
    await repo.commit({}, 'the 2002 edition');
    const d = repo.dir;
    const r = (p: string) => read(d, p);
    const ecd = 'clusters/human-services/early-childhood-development-services.md';
    const psd = r('clusters/information-technology/programming-software-development.md');
    const reordered = (text: string): string => {
      // Move the `id:` line to the end of the frontmatter: same data, other key order.
      const [, fm, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
      const lines = fm!.split('\n');
      const id = lines.find((l) => l.startsWith('id:'))!;
      return `---\n${[...lines.filter((l) => l !== id), id].join('\n')}\n---\n${body}`;
    };
    const health = r('clusters/health-science/health-informatics.md');
    const firstSoc = /\n {2}- code: [^\n]*\n {4}title: [^\n]*/.exec(health)![0];
    await repo.commit(
      {
        // rename
        'content/clusters/agriculture-food-natural-resources/agribusiness-systems.md': r(
          'clusters/agriculture-food-natural-resources/agribusiness-systems.md',
        ).replace('title: Agribusiness Systems', 'title: Agribusiness & Farm Management'),
        // move
        [`content/${ecd}`]: null,
        'content/clusters/education-training/early-childhood-development-services.md': r(ecd),
        // split: the old node keeps its id, a new one derives from it
        'content/clusters/information-technology/software-engineering.md': psd
          .replace('id: programming-software-development', 'id: software-engineering\nderivedFrom: [programming-software-development]')
          .replace(/title: .*/, 'title: Software Engineering'),
        // merge of two pathways into a new one
        'content/clusters/manufacturing/production.md': null,
        'content/clusters/manufacturing/manufacturing-production-process-development.md': null,
        'content/clusters/manufacturing/production-process.md': r('clusters/manufacturing/production.md')
          .replace('id: production', 'id: production-process\nderivedFrom: [production, manufacturing-production-process-development]')
          .replace(/title: .*/, 'title: Production & Process Development'),
        // removal
        'content/clusters/government-public-administration/foreign-service.md': null,
        // addition
        'content/clusters/science-technology-engineering-mathematics/data-science.md':
          '---\nid: data-science\ntitle: Data Science\norder: 3\nprovenance:\n  status: UNCERTAIN\n---\n\nCareers that turn data into decisions.\n',
        // definition edit
        'content/clusters/finance/accounting.md': r('clusters/finance/accounting.md').trimEnd() + ' They also audit public bodies.\n',
        // SOC edit: one occupation link removed
        'content/clusters/health-science/health-informatics.md': health.replace(firstSoc, ''),
        // key reorder: no change at all
        'content/clusters/marketing/marketing-research.md': reordered(r('clusters/marketing/marketing-research.md')),
      },
      'one of each',
    );
  });
  afterAll(() => repo.cleanup());

  it('`ccf diff HEAD~1 HEAD --format json` reports exactly those changes, the crosswalk relations and a major bump', async () => {
    const { code, out, err } = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const cs = JSON.parse(out) as ChangeSet;
    expect(cs.bump).toBe('major');
    expect(
      cs.changes.map((c) => `${c.severity} ${c.kind}${c.field ? `(${c.field})` : ''} ${c.fromIds.join('+')}>${c.toIds.join('+')}`),
    ).toEqual([
      // Within a level, in framework order: where a reviewer finds the node, not grouped by kind.
      'breaking moved(parent) early-childhood-development-services>early-childhood-development-services',
      'breaking split programming-software-development>programming-software-development+software-engineering',
      'breaking merged manufacturing-production-process-development+production>production-process',
      'breaking removed foreign-service>',
      'notable renamed(title) agribusiness-systems>agribusiness-systems',
      'notable field-changed(soc) health-informatics>health-informatics',
      'notable added >data-science',
      'editorial redefined(definition) accounting>accounting',
    ]);
    const soc = cs.changes.find((c) => c.field === 'soc') as unknown as { added: unknown[]; removed: { code: string }[] };
    expect(soc.added).toEqual([]);
    expect(soc.removed).toHaveLength(1);
    const changed = cs.crosswalk
      .filter((r) => r.relation !== 'unchanged')
      .map((r) => `${r.fromId ?? '-'}>${r.toId ?? '-'} ${r.relation} ${r.skos || '-'} ${r.cardinality}`);
    expect(changed).toEqual([
      'agribusiness-systems>agribusiness-systems renamed exactMatch 1:1',
      'foreign-service>- retired - 1:0',
      'early-childhood-development-services>early-childhood-development-services moved exactMatch 1:1',
      'programming-software-development>programming-software-development split narrowMatch 1:n',
      'programming-software-development>software-engineering split narrowMatch 1:n',
      'manufacturing-production-process-development>production-process merged broadMatch n:1',
      'production>production-process merged broadMatch n:1',
      '->data-science new - 0:1',
    ]);
    expect(cs.crosswalk.find((r) => r.fromId === 'marketing-research')?.relation).toBe('unchanged');
    // A sentence added to Accounting's definition keeps its wording (a `definition-edited` change): still unchanged.
    expect(cs.crosswalk.find((r) => r.fromId === 'accounting')).toMatchObject({ relation: 'unchanged', skos: 'exactMatch' });
    expect(cs.crosswalk.filter((r) => r.relation === 'unchanged')).toHaveLength(16 + 79 - 6);
    expect(cs.warnings).toEqual([]);
  });

  it('the Markdown report fits a GitHub comment and leads with what a reviewer needs', async () => {
    const { code, out } = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD');
    expect(code).toBe(0);
    expect(out.length).toBeLessThan(65_536);
    expect(out).toContain('**major** release');
    expect(out.indexOf('| Breaking | 4 |')).toBeLessThan(out.indexOf('### Breaking changes (4)'));
    expect(out).toContain('#### Education & Training');
    const cut = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--max-chars', '2000', '--artifact-url', 'https://ci.example/run/7');
    expect(cut.out.length).toBeLessThanOrEqual(2000);
    expect(cut.out).toContain('https://ci.example/run/7');
  });

  it('`to` defaults to the work tree, uncommitted edits included', async () => {
    const file = join(repo.dir, 'content/clusters/finance/banking-services.md');
    const before = readFileSync(file, 'utf8');
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, before.replace(/title: .*/, 'title: Banking & Credit Services'));
      const { code, out } = await run(join(repo.dir, 'content', 'clusters'), 'diff', 'HEAD', '--format', 'json');
      expect(code).toBe(0);
      const cs = JSON.parse(out) as { to: { label: string }; changes: { kind: string; toIds: string[] }[] };
      expect(cs.to.label).toBe('work tree');
      expect(cs.changes.map((c) => `${c.kind} ${c.toIds.join()}`)).toEqual(['renamed banking-services']);
    } finally {
      repo.git(['checkout', '--', 'content/clusters/finance/banking-services.md']);
    }
  });

  it('keeps parsed files in the user cache folder, never in the work tree (same report from the cache), and nothing with --no-cache', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ccf-home-'));
    const cache = join(home, 'ccf', 'repos');
    const env = { XDG_CACHE_HOME: home };
    try {
      const cold = await runWith(env, repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json', '--no-cache');
      expect(existsSync(cache)).toBe(false);
      const first = await runWith(env, repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
      expect(readdirSync(cache)).toHaveLength(1);
      const warm = await runWith(env, repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
      expect(first.out).toBe(cold.out);
      expect(warm.out).toBe(cold.out);
      expect(existsSync(join(repo.dir, '.ccf-cache'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('html and --out: an escaped fragment, written whole', async () => {
    const out = join(repo.dir, 'report.html');
    const r = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'html', '--out', 'report.html');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<section class="ccf-diff" data-bump="major">/);
    expect(readdirSync(repo.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ccf.config.json `changes` re-levels change rules, and the bump follows', async () => {
    const config = join(repo.dir, 'ccf.config.json');
    try {
      writeFileSync(config, JSON.stringify({ changes: { 'node-removed': 'notable', 'definition-edited': 'off' } }));
      const r = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
      expect([r.code, r.err]).toEqual([0, '']);
      const cs = JSON.parse(r.out) as { bump: string; changes: { rule: string; severity: string }[] };
      expect(cs.changes.map((c) => `${c.severity} ${c.rule}`)).toEqual([
        'breaking node-moved',
        'breaking node-split',
        'breaking node-merged',
        'notable node-renamed',
        'notable soc-changed',
        'notable node-added',
        'notable node-removed',
      ]);
      expect(cs.bump).toBe('major');

      // Only breaking rules left at their level decide a major bump: turned down, the bump follows.
      writeFileSync(
        config,
        JSON.stringify({
          changes: { 'node-removed': 'off', 'node-merged': 'notable', 'node-split': 'notable', 'node-moved': 'editorial' },
        }),
      );
      const down = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'json');
      expect((JSON.parse(down.out) as { bump: string }).bump).toBe('minor');

      writeFileSync(config, '{\n  "changes": {\n    "node-gone": "off"\n  }\n}\n');
      const out = join(repo.dir, 'bad-config.json');
      for (const command of ['diff', 'crosswalk']) {
        const bad = await run(repo.dir, command, 'HEAD~1', 'HEAD', '--out', out);
        expect(bad.code).toBe(2);
        expect(bad.err.split('\n')[0]).toBe(
          'ccf: ccf.config.json:3:5: Unexpected change rule `node-gone` at `/changes`, expected a ccf change rule id (docs/changes/)',
        );
        expect(existsSync(out)).toBe(false);
      }
      const missing = await run(repo.dir, 'diff', 'HEAD~1', 'HEAD', '--config', 'nope.json');
      expect([missing.code, missing.err.split('\n')[0]]).toEqual([2, 'ccf: No such config file: nope.json']);
    } finally {
      rmSync(config, { force: true });
    }
  });

  it('ccf crosswalk: CSV for Excel, JSON, SSSOM', async () => {
    const csv = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[0]).toMatch(/^fromId,fromTitle,fromParent,toId,/);
    expect(csv.out).toContain(
      'production,Production,manufacturing,production-process,Production & Process Development,manufacturing,subcluster,merged,broadMatch,n:1,replacedBy,',
    );
    const json = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'json');
    expect((JSON.parse(json.out) as { crosswalk: unknown[] }).crosswalk).toHaveLength(97);
    const sssom = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'sssom');
    expect(sssom.out).toContain('ccf:production\tProduction\tskos:broadMatch\tccf:production-process');
  });

  it('ccf crosswalk --format xlsx: a workbook with the crosswalk sheet, only with --out, the same bytes each time', async () => {
    const refused = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'xlsx');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/without --out/);
    expect(refused.out).toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'ccf-xlsx-'));
    try {
      for (const name of ['a.xlsx', 'b.xlsx'])
        expect((await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'xlsx', '--out', join(dir, name))).code).toBe(0);
      const bytes = readFileSync(join(dir, 'a.xlsx'));
      expect(bytes.equals(readFileSync(join(dir, 'b.xlsx')))).toBe(true);
      const zip = await JSZip.loadAsync(bytes);
      expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<sheet [^>]*name="crosswalk"/);
      expect(await zip.file('xl/sharedStrings.xml')!.async('string')).toContain('Production &amp; Process Development');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ccf crosswalk --format worklist-xlsx: the worklist as a workbook, only with --out, the CSV rows in a worklist sheet', async () => {
    const refused = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'worklist-xlsx');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--format worklist-xlsx without --out/);
    expect(refused.out).toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'ccf-worklist-'));
    try {
      const out = join(dir, 'worklist.xlsx');
      expect((await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'worklist-xlsx', '--out', out)).code).toBe(0);
      const zip = await JSZip.loadAsync(readFileSync(out));
      expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<sheet [^>]*name="worklist"/);
      const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
      // A header row and one row per old node, as in the CSV.
      expect(sheet.match(/<row /g)).toHaveLength(1 + 16 + 79);
      const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
      for (const text of ['decision', 'choose-part', 'programming-software-development']) expect(strings).toContain(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ccf crosswalk --format worklist: one CSV row per old node, what to do, occupations by title, a blank decision', async () => {
    const r = await run(repo.dir, 'crosswalk', 'HEAD~1', 'HEAD', '--format', 'worklist');
    expect([r.code, r.err]).toEqual([0, '']);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(16 + 79);
    const split = rows.find((x) => x.fromId === 'programming-software-development')!;
    expect(split).toMatchObject({ relation: 'split', action: 'choose-part', newId: '', decision: '' });
    expect(split.parts!.split('\n')).toHaveLength(2);
    // Occupations by code and title, from the versions' SOC links, so a state can decide by them.
    expect(split.parts).toMatch(/\d{2}-\d{4}\.\d{2} [A-Z][a-z]+/);
    expect(rows.find((x) => x.fromId === 'agribusiness-systems')).toMatchObject({ action: 'update-title', newId: 'agribusiness-systems' });
    expect(rows.find((x) => x.fromId === 'production')).toMatchObject({ relation: 'merged', action: 'remap', newId: 'production-process' });
    expect(rows.find((x) => x.fromId === 'foreign-service')).toMatchObject({ relation: 'retired', action: 'retire', newId: '' });
    expect(rows.find((x) => x.fromId === 'marketing-research')).toMatchObject({ action: 'none' });
  });
});

describe('versions from users', () => {
  let repo: GitRepo;
  let scratch: string;
  beforeAll(async () => {
    repo = await gitRepo({
      'content/framework.md': readFileSync(join(realContent, 'framework.md'), 'utf8'),
    });
    scratch = mkdtempSync(join(tmpdir(), 'ccf-scratch-'));
  });
  afterAll(async () => {
    await repo.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const hostile = [
    ['--', '--upload-pack=touch PWNED'],
    ['--upload-pack=touch PWNED'],
    ['-c', 'core.pager=touch PWNED'],
    ['--', '-cprotocol.ext.allow=always'],
    ['--', '--output=PWNED'],
    ['HEAD;touch PWNED'],
    ['HEAD..main'],
    ['HEAD@{1}'],
    ['HEAD:content'],
    ['$(touch PWNED)'],
    ['no-such-branch'],
    ['HEAD~5'],
  ];
  it.each(hostile)('refuses %j: exit 2, one line, nothing written, nothing run', async (...spec) => {
    const out = join(scratch, 'out.json');
    const r = await run(repo.dir, 'diff', ...spec, 'HEAD', '--format', 'json', '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^(ccf: |error: )/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(repo.dir, '.ccf-cache'))).toBe(false);
    expect(existsSync(join(repo.dir, 'PWNED'))).toBe(false);
    expect(existsSync('PWNED')).toBe(false);
  });

  it('outside a repository a ref is a one-line error, exit 2', async () => {
    const r = await run(scratch, 'diff', 'HEAD', 'main');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ccf: Not a git repository/);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('a bad --format is a usage error', async () => {
    const r = await run(repo.dir, 'diff', 'HEAD', 'HEAD', '--format', 'pdf');
    expect(r.code).toBe(2);
  });
});
