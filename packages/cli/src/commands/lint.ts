import { appendFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { countBySeverity, type Diagnostic, type Framework, type LoadResult, type ParseCache } from '@ccf/core';
import { directorySource, isOverlayFolder, loadFramework, loadOverlay, openSource, publishedReleases, watchFolder } from '@ccf/core/node';
import { coreRules, formatNames, githubSummary, lint, lintBaseUrl, report, rules, type FormatName, type LintConfig } from '@ccf/lint';
import { Option, type Command } from 'commander';
import { cacheOptionHelp, openCache } from '../cache.js';
import { changedFiles } from '../changed.js';
import { displayPath, resolveContent, selected, type ContentTarget } from '../content.js';
import { readConfig } from '../config.js';
import { reportError } from '../exit.js';
import { UsageError, type Io } from '../io.js';
import { findRepoRoot } from '../repo.js';
import { version } from '../version.js';

export interface LintCommandOptions {
  format: FormatName;
  maxWarnings?: number;
  quiet?: boolean;
  against?: string;
  config?: string;
  watch?: boolean;
  color?: boolean;
  /** Where an overlay's `extends: "@x.y.z"` finds releases (default: the repository's releases/). */
  releases?: string;
  /** A cache folder, `true` for the default (the repository's folder in the user cache folder), `false` for none. */
  cache?: string | boolean;
}

const descriptions = Object.fromEntries([...coreRules, ...rules].map((r) => [r.id, r.description]));

/** Opens and loads the version named by `--against`; a bad name is a SourceError (exit 2). */
async function loadAgainst(spec: string, target: ContentTarget, io: Io): Promise<LoadResult> {
  return loadFramework(openSource(spec, { repoRoot: findRepoRoot(dirname(target.root)), cwd: io.cwd }));
}

/**
 * How a report names a content file: as the user sees it (relative to where ccf runs), or, for SARIF, relative
 * to the repository root, which is what GitHub code scanning resolves `%SRCROOT%` to, whatever folder ccf ran in.
 */
function placer(target: ContentTarget, format: FormatName): (file: string) => string {
  if (format !== 'sarif') return (file) => displayPath(target, file);
  const folder = contentInRepo(target);
  return (file) => (folder ? `${folder}/${file}` : file);
}

/** The content folder relative to its repository's root (`/` separators, `''` when it is the root). */
function contentInRepo(target: ContentTarget): string {
  // A content folder that is itself the root of a git work tree is its own repository.
  const root = existsSync(join(target.root, '.git')) ? target.root : findRepoRoot(dirname(target.root));
  return relative(root, target.root).split(sep).join('/');
}

/** The code-scanning category of a SARIF report: one per content folder, so linting two folders keeps both. */
function automationId(target: ContentTarget): string {
  const folder = contentInRepo(target);
  return folder ? `ccf/lint/${folder}/` : 'ccf/lint/';
}

/** One lint run: load, lint, filter to the named paths, with paths named by `place`. */
async function runOnce(
  target: ContentTarget,
  config: LintConfig,
  against: LoadResult | undefined,
  releases: Framework[],
  place: (file: string) => string,
  cache?: ParseCache,
  releasesDir?: string,
  changedSince?: () => Promise<ReadonlySet<string> | undefined>,
): Promise<{ diagnostics: Diagnostic[]; baseUrl: string }> {
  // A state overlay is checked against its base (resolution reports every problem); the national rules look at
  // content files, which an overlay does not have.
  const overlay = isOverlayFolder(target.root);
  const load = overlay
    ? await loadOverlay(target.root, {
        repoRoot: findRepoRoot(dirname(target.root)),
        ...(releasesDir ? { releasesDir } : {}),
        ...(cache ? { cache } : {}),
      })
    : // The rules' Markdown facts are computed in the parse workers and cached beside each record: a warm run parses
      // no Markdown.
      await loadFramework(directorySource(target.root), { ...(cache ? { cache } : {}), facts: 'markup' });
  const changed = overlay ? undefined : await changedSince?.();
  const baseUrl = lintBaseUrl(load);
  const diagnostics = lint(
    load,
    {
      ...(config.rules ? { rules: config.rules } : {}),
      ...(against && !overlay ? { against } : {}),
      ...(overlay ? {} : { releases }),
      ...(changed ? { changed } : {}),
      baseUrl,
    },
    overlay ? [] : undefined,
  )
    .filter((d) => selected(target, d.file))
    .map((d) => ({
      ...d,
      file: place(d.file),
      ...(d.related ? { related: d.related.map((r) => ({ ...r, file: place(r.file) })) } : {}),
    }));
  return { diagnostics, baseUrl };
}

/** Prints a report and returns the exit code it calls for. */
function output(
  { diagnostics, baseUrl }: { diagnostics: Diagnostic[]; baseUrl: string },
  options: LintCommandOptions,
  io: Io,
  target: ContentTarget,
): number {
  const { error: errors, warning: warnings } = countBySeverity(diagnostics);
  const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  const hidden = options.quiet ? countBySeverity(diagnostics).warning : undefined;
  const text = report(options.format, shown, {
    ...(hidden !== undefined ? { hiddenWarnings: hidden } : {}),
    color: options.color ?? false,
    descriptions,
    version,
    automationId: automationId(target),
    baseUrl,
  });
  if (options.format === 'stylish' && shown.length === 0)
    io.stdout(hidden ? `no errors (${hidden} warning${hidden === 1 ? '' : 's'} hidden)\n` : 'no issues found\n');
  else io.stdout(text);
  if (options.format === 'stylish' && shown.length > 0 && hidden)
    io.stdout(`(${hidden} warning${hidden === 1 ? '' : 's'} hidden by --quiet)\n`);
  if (options.format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(io.env.GITHUB_STEP_SUMMARY, githubSummary(shown));
    } catch {
      io.stderr('ccf: could not write the summary to $GITHUB_STEP_SUMMARY\n');
    }
  }
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`ccf: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Erase the screen and its scrollback, cursor to the top left (ECMA-48 ED 2, ED 3, CUP). */
export const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

export interface WatchOptions {
  /** Stops watching. */
  signal?: AbortSignal;
  /** Quiet period after a change before re-linting. */
  debounceMs?: number;
  /** Called after each run (tests wait on it). */
  onRun?: (exitCode: number) => void;
  /** Poll the files instead of using file-system events (on a loaded machine inotify events can arrive late). */
  pollMs?: number;
}

/**
 * Lints, then re-lints whenever a file under the content folder changes, until the signal aborts.
 * A broken file never stops the watcher: it is reported like any other run. Neither does the folder
 * going away (`rm -rf content && git checkout content`, a branch switch): the watcher says so, waits,
 * and lints again when it is back.
 */
export async function watchLint(target: ContentTarget, run: () => Promise<number>, io: Io, options: WatchOptions = {}): Promise<void> {
  const { signal, debounceMs = 100, onRun, pollMs } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const trigger = (): void => {
    running = running.then(async () => {
      // A change heard just before the folder went: the "missing" line already says what is going on.
      if (signal?.aborted || !existsSync(target.root)) return;
      // Each run replaces the last on a terminal, as `tsc --watch` does: the screen shows what is wrong now, not a
      // scroll of every save. Piped output keeps every run (a log).
      if (io.isTTY) io.stdout(CLEAR_SCREEN);
      const code = await run().catch((error: unknown) => reportError(error, io));
      io.stderr(`ccf: watching ${target.display} for changes (Ctrl-C to stop)\n`);
      onRun?.(code);
    });
  };
  const watcher = await watchFolder(
    target.root,
    (event) => {
      clearTimeout(timer);
      if (event === 'missing') {
        io.stderr(`ccf: ${target.display} is missing; linting again when it is back (Ctrl-C to stop)\n`);
        return;
      }
      timer = setTimeout(trigger, debounceMs);
    },
    {
      ignored: (p) => /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(p),
      ...(pollMs ? { pollMs } : {}),
    },
  );
  trigger();
  await new Promise<void>((done) => {
    if (signal?.aborted) return done();
    signal?.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  await watcher.close();
  await running;
}

/** `ccf lint [paths...]`: exit 0 clean, 1 on errors (or warnings over --max-warnings), 2 on usage errors. */
export function registerLint(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('check content files against the schemas and the framework rules')
    .argument('[paths...]', 'content folder, or files and folders inside it', [])
    .addOption(new Option('-f, --format <name>', 'output format').choices([...formatNames]).default('compact'))
    .addOption(
      new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser((v) => {
        if (!/^\d+$/.test(v)) throw new UsageError('USAGE_BAD_OPTION', `Unexpected --max-warnings \`${v}\`, expected a whole number`);
        return Number(v);
      }),
    )
    .option('-q, --quiet', 'report errors only')
    .option(
      '--against <version>',
      'also check lineage against one earlier version (every node continued or retired): @1.0.0, a git ref, or a content folder',
    )
    .option('-c, --config <file>', 'config file (default: ccf.config.json in the content folder or above)')
    .option('-w, --watch', 're-lint when a content file changes')
    .option('--no-color', 'no colors in the stylish format')
    .option('--cache <dir>', cacheOptionHelp)
    .option('--no-cache', 'parse every file and keep nothing')
    .option('--releases <dir>', 'where a state overlay\'s `extends: "@x.y.z"` finds releases (default: releases/ of the repository)')
    .action(async (paths: string[], options: LintCommandOptions) => {
      const target = resolveContent(paths, io.cwd);
      const repoRoot = findRepoRoot(dirname(target.root));
      const cache = openCache(io, repoRoot, options.cache);
      const config = readConfig(target.root, io, options.config);
      const againstSpec = options.against ?? config.against;
      const against = againstSpec ? await loadAgainst(againstSpec, target, io) : undefined;
      // Read once, also when watching: releases are written by `ccf release`, not while editing.
      const releases = await publishedReleases(repoRoot, {
        skipped: (v, error) => io.stderr(`ccf: release ${v} left out of the lineage check: ${(error as Error).message}\n`),
      });
      const opts: LintCommandOptions = { ...options, color: options.color !== false && io.isTTY && !io.env.NO_COLOR };
      const place = placer(target, options.format);
      // What the editor touched, against the ref given with --against when it is a git ref (a validated ref: it was
      // loaded), else HEAD. Asked again on every run: a watch session edits files.
      const base = againstSpec && against?.framework.source.kind === 'git' ? againstSpec : 'HEAD';
      const changedSince = () => changedFiles(target.root, io.env, base);
      const run = async (): Promise<number> =>
        output(
          await runOnce(
            target,
            config,
            against,
            releases,
            place,
            cache,
            options.releases && resolve(io.cwd, options.releases),
            changedSince,
          ),
          opts,
          io,
          target,
        );
      if (options.watch) {
        await watchLint(target, run, io);
        return;
      }
      setExit(await run());
    });
}
