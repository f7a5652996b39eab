import { existsSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Framework, ParseCache, Source } from '@ccf/core';
import { directorySource, loadFramework, memoryCache, openSource } from '@ccf/core/node';
import { diffFrameworks, renderHtml, renderMarkdown, toJson, type ChangeSet, type DiffOptions } from '@ccf/diff';
import { Option, type Command } from 'commander';
import { cacheOptionHelp, openCache } from '../cache.js';
import { readConfig } from '../config.js';
import { UsageError, type Io } from '../io.js';

/** The repository root: the nearest folder up from `cwd` holding `.git` or `content/`, or a bare repository. */
export function findRepoRoot(cwd: string, contentDir = 'content'): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git')) || isDir(join(dir, contentDir))) return dir;
    if (existsSync(join(dir, 'HEAD')) && isDir(join(dir, 'objects')) && isDir(join(dir, 'refs'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export interface LoadVersionsOptions {
  contentDir: string;
  /** A cache folder, `true`/undefined for the repository's folder in the user cache folder, `false` for none. */
  cache?: string | boolean;
}

export interface Versions {
  from: Framework;
  to: Framework;
}

/**
 * Loads the two versions a user named. `to` defaults to the content folder in the work tree. A version that
 * cannot be opened (bad or unknown ref, no repository) is a SourceError: one line, exit 2, nothing written.
 */
export async function loadVersions(io: Io, fromSpec: string, toSpec: string | undefined, opts: LoadVersionsOptions): Promise<Versions> {
  const { contentDir } = opts;
  const repoRoot = findRepoRoot(io.cwd, contentDir);
  // Blobs of a git ref are keyed by their SHA, so a cache on disk makes every later diff of the same commits cheap.
  const disk = openCache(io, repoRoot, opts.cache);
  const cache: ParseCache = disk ?? memoryCache();
  const open = (spec: string): Source => openSource(spec, { repoRoot, contentDir, cwd: io.cwd });
  const load = async (source: Source): Promise<Framework> => {
    const result = await loadFramework(source, { cache });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors)
      io.stderr(
        `ccf: warning: ${source.info.label} has ${errors} content error${errors === 1 ? '' : 's'}; the diff uses what could be read (run \`ccf lint\`)\n`,
      );
    return result.framework;
  };
  const fromSource = open(fromSpec);
  let toSource: Source;
  if (toSpec !== undefined) toSource = open(toSpec);
  else {
    const dir = join(repoRoot, contentDir);
    if (!isDir(dir))
      throw new UsageError('USAGE_NO_CONTENT', `No content folder at ${dir}`, {
        hint: 'Name the second version too: `ccf diff <from> <to>`.',
      });
    toSource = directorySource(dir, 'work tree');
  }
  // One after the other, so the second version reuses every blob the first one parsed.
  const from = await load(fromSource);
  const to = await load(toSource);
  // The cache can only make a run faster: a folder that cannot be written is no reason to fail.
  await disk?.flush().catch(() => undefined);
  return { from, to };
}

/** Writes `text` to `out` (temp file + rename, so never half-written), or to stdout. */
export async function emit(io: Io, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const target = isAbsolute(out) ? out : resolve(io.cwd, out);
  if (!isDir(dirname(target)))
    throw new UsageError('USAGE_NO_SUCH_FILE', `No such folder: ${dirname(out)}`, {
      hint: 'Create it first, or write elsewhere with `--out`.',
    });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** The change-rule levels of `ccf.config.json` (`changes`), as diff options; read before any version is loaded. */
export function changeLevels(io: Io, contentDir: string, explicit?: string): DiffOptions {
  const { changes } = readConfig(join(findRepoRoot(io.cwd, contentDir), contentDir), io, explicit);
  return changes ? { changes } : {};
}

export function render(cs: ChangeSet, format: string, opts: { maxChars?: number; artifactUrl?: string }): string {
  if (format === 'json') return toJson(cs);
  if (format === 'html') return renderHtml(cs);
  return renderMarkdown(cs, opts);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1000)
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected --max-chars ${value}, expected a whole number ≥ 1000`);
  return n;
}

/** `ccf diff <from> [to]`: the change report between two versions. Exit 0 whatever changed; 2 on a bad version. */
export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('report what changed between two versions (git refs, folders or @releases) and the semver bump it needs')
    .argument('<from>', 'old version: a git ref (main, v1.0.0, HEAD~1), a content folder, or @<version>')
    .argument('[to]', 'new version (default: the content folder in the work tree)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json', 'html']).default('md'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--max-chars <n>', 'longest Markdown report; longer ones are cut with a note (GitHub comments hold 65,536)', '60000')
    .option('--artifact-url <url>', 'where the full report is, named when the Markdown report is cut')
    .option('--content-dir <dir>', 'content folder inside the repository and its commits', 'content')
    .option('--config <file>', 'config file with change-rule levels (default: ccf.config.json in the content folder or above)')
    .option('--cache <dir>', cacheOptionHelp)
    .option('--no-cache', 'parse every file and keep nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  ccf diff v1.0.0                    tag v1.0.0 → the work tree\n  ccf diff origin/main HEAD --format json\n  ccf diff @1.0.0 HEAD --out CHANGES.md',
    )
    .action(
      async (
        fromSpec: string,
        toSpec: string | undefined,
        opts: {
          format: string;
          out?: string;
          maxChars: string;
          artifactUrl?: string;
          contentDir: string;
          config?: string;
          cache?: string | boolean;
        },
      ) => {
        const maxChars = positiveInt(opts.maxChars);
        const levels = changeLevels(io, opts.contentDir, opts.config);
        const { from, to } = await loadVersions(io, fromSpec, toSpec, opts);
        const cs = diffFrameworks(from, to, levels);
        await emit(io, render(cs, opts.format, { maxChars, ...(opts.artifactUrl ? { artifactUrl: opts.artifactUrl } : {}) }), opts.out);
        setExit(0);
      },
    );
}
