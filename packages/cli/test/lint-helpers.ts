import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

/**
 * The real 2002 edition, which these tests' expectations describe (six pathways without occupations, …):
 * extracted from the commit release 1.0.0 was published from, now that content/ holds the 2024 edition.
 * Removed when the process exits.
 */
export const repoContent = extract2002();

function extract2002(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'releases/1.0.0/manifest.json'), 'utf8')) as { source: { commit: string } };
  const dir = mkdtempSync(join(tmpdir(), 'ccf-2002-'));
  const tar = execFileSync('git', ['archive', '--format=tar', manifest.source.commit, 'content'], { cwd: repoRoot, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'content') + '/';
}

/** Runs `ccf …` in-process with a fake Io. */
export async function ccf(cwd: string, argv: string[], env: Record<string, string | undefined> = {}) {
  const r = { out: '', err: '' };
  const io: Io = {
    cwd,
    env,
    isTTY: false,
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
  };
  const code = await main(argv, io);
  return { code, ...r };
}

/** A temporary folder holding a copy of a content folder as `content/`; removed by cleanup. */
export function tempContent(from = repoContent): { dir: string; content: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ccf-cli-lint-'));
  const content = join(dir, 'content');
  cpSync(from, content, { recursive: true });
  return { dir, content, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** (file, line, column, ruleId) from each output format, so one assertion covers all of them. */
export type Hit = { file: string; line: number; column: number; ruleId: string; severity: string };

export function parseOutput(format: string, out: string): Hit[] {
  switch (format) {
    case 'compact':
      return out.split('\n').flatMap((l) => {
        const m = /^(.+?):(\d+):(\d+) {2}(error|warning|info) {2}.* {2}([a-z0-9-]+)$/.exec(l);
        return m ? [{ file: m[1]!, line: +m[2]!, column: +m[3]!, severity: m[4]!, ruleId: m[5]! }] : [];
      });
    case 'json':
      return (JSON.parse(out) as Hit[]).map(({ file, line, column, ruleId, severity }) => ({ file, line, column, ruleId, severity }));
    case 'sarif': {
      const log = JSON.parse(out) as {
        runs: {
          results: {
            ruleId: string;
            level: string;
            locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
          }[];
        }[];
      };
      return log.runs[0]!.results.map((r) => ({
        file: decodeURI(r.locations[0]!.physicalLocation.artifactLocation.uri),
        line: r.locations[0]!.physicalLocation.region.startLine,
        column: r.locations[0]!.physicalLocation.region.startColumn,
        ruleId: r.ruleId,
        severity: { error: 'error', warning: 'warning', note: 'info' }[r.level] ?? r.level,
      }));
    }
    case 'github':
      return out.split('\n').flatMap((l) => {
        const m = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+).*?,title=ccf ([a-z0-9-]+)::/.exec(l);
        if (!m) return [];
        const file = m[2]!.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
        return [{ file, line: +m[3]!, column: +m[4]!, ruleId: m[5]!, severity: m[1] === 'notice' ? 'info' : m[1]! }];
      });
    case 'stylish': {
      const hits: Hit[] = [];
      let file = '';
      for (const l of out.split('\n')) {
        const row = /^\s*(\d+):(\d+)(?:-\d+:\d+)?\s+(error|warning|info)\s+.*\s([a-z0-9-]+)\s+ccf$/.exec(l);
        if (row) hits.push({ file, line: +row[1]!, column: +row[2]!, severity: row[3]!, ruleId: row[4]! });
        else if (l && !/^\s/.test(l) && !/^\d+ (messages?|errors?|warnings?)|^no issues/.test(l)) file = l;
      }
      return hits;
    }
  }
  throw new Error(`unknown format ${format}`);
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * The official SARIF 2.1.0 JSON schema (rtm.5), shipped in @microsoft/jest-sarif. It is draft-04
 * and uses no draft-04-only keyword, so ajv's draft-07 validator runs it once `id` is read as `$id`.
 */
export function sarifValidator(): ValidateFunction {
  const path = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // The schema's patterns are ECMAScript regexps without the `u` flag (one is invalid with it).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
