import { execFile } from 'node:child_process';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Diagnostic, Framework, LoadResult, ParseCache } from '@ccf/core';
import {
  directorySource,
  isOverlayFolder,
  loadFramework,
  loadOverlay,
  openSource,
  publishedReleases,
  type OverlayLoadResult,
  writeFileAtomic,
} from '@ccf/core/node';
import { formatCompact, lint } from '@ccf/lint';
import { DATE_EXAMPLE, PublishError, releaseFeedFiles, toUtcDate, writeRelease, type ReleaseFiles, type WriteStep } from '@ccf/publish';
import { readReleaseHistory } from '@ccf/server/node';
import { resolveContent } from './content.js';
import { failpoint } from './failpoint.js';
import { CommandError, fileSystemError, UsageError, type Io } from './io.js';
import { findRepoRoot, isDir } from './repo.js';

// The steps `ccf publish` and `ccf release` share: load what to publish, refuse lint errors, build and write.

const run = promisify(execFile);

/**
 * The commit a content folder's files come from: the last commit that touched the folder, with its committer date,
 * when git knows the folder and it has no uncommitted or untracked changes. Undefined otherwise.
 */
export async function committedState(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<{ commit: string; date: string } | { dirty: true } | undefined> {
  try {
    const opts = { cwd: dir, env: { ...env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' } };
    const status = await run('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], opts);
    if (status.stdout.trim() !== '') return { dirty: true };
    const log = await run('git', ['log', '-1', '--format=%H%n%cI', '--', '.'], opts);
    const [commit, date] = log.stdout.trim().split('\n');
    return commit && date ? { commit, date } : undefined;
  } catch {
    return undefined;
  }
}

/** What the user asked to read, loaded, with the source commit and date filled in when they are known. */
export async function loadForPublish(
  from: string | undefined,
  io: Io,
  notes: string[],
  options: { releases?: string; cache?: ParseCache } = {},
): Promise<LoadResult & { base?: Framework }> {
  // Parsed files from earlier runs (`ccf lint`, an earlier publish): the result is the same, without the YAML.
  const cached = options.cache ? { cache: options.cache } : {};
  if (from === undefined || isDir(isAbsolute(from) ? from : resolve(io.cwd, from))) {
    const target = resolveContent(from === undefined ? [] : [from], io.cwd);
    // A state overlay publishes as the state's effective framework, resolved against the base it extends.
    const load: LoadResult & { base?: Framework } = isOverlayFolder(target.root)
      ? await loadStateOverlay(target.root, target.display, io, options.releases)
      : await loadFramework(directorySource(target.root, target.display), cached);
    const state = await committedState(target.root, io.env);
    if (state && 'commit' in state) Object.assign(load.framework.source, state);
    else
      notes.push(
        state
          ? `${target.display} has uncommitted changes: the manifest names no commit.`
          : `${target.display} is not in a git repository: the manifest names no commit.`,
      );
    return load;
  }
  const root = findRepoRoot(io.cwd);
  return await loadFramework(openSource(from, { repoRoot: root, cwd: io.cwd }), cached);
}

/** Loads a state overlay folder for publishing, labelled as the user named it. */
async function loadStateOverlay(root: string, display: string, io: Io, releases: string | undefined): Promise<OverlayLoadResult> {
  const load = await loadOverlay(root, {
    repoRoot: findRepoRoot(io.cwd),
    ...(releases ? { releasesDir: resolve(io.cwd, releases) } : {}),
  });
  load.framework.source = { ...load.framework.source, label: display };
  return load;
}

/** The releases of the repository other than `version`, oldest first: the versions whose ids `derivedFrom` may name. */
export async function earlierReleases(repoRoot: string, version: string): Promise<Framework[]> {
  return publishedReleases(repoRoot, { except: version });
}

/** The date to use when the source has none: --date, else SOURCE_DATE_EPOCH (reproducible-builds.org), else none. */
export function fallbackDate(option: string | undefined, io: Io): string | undefined {
  if (option !== undefined) {
    const date = toUtcDate(option);
    if (date === undefined)
      throw new UsageError('USAGE_BAD_DATE', `Unexpected date \`${option}\`, expected an ISO 8601 date-time with an offset`, {
        hint: DATE_EXAMPLE,
      });
    return date;
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  // Whole seconds that Date can hold: a larger number is no date (and `toISOString` would throw on it).
  const time = new Date(/^\d+$/.test(epoch) ? Number(epoch) * 1000 : NaN);
  const date = Number.isNaN(time.getTime()) ? undefined : toUtcDate(time.toISOString());
  if (date === undefined)
    throw new UsageError('USAGE_BAD_DATE', `Unexpected SOURCE_DATE_EPOCH \`${epoch}\`, expected whole seconds since 1970`);
  return date;
}

/** Lints the loaded framework (its lineage against `releases`); on errors prints them (compact) and stops with exit 1. Returns the warnings. */
export function refuseLintErrors(load: LoadResult, io: Io, what: string, releases: Framework[]): Diagnostic[] {
  // A state framework is checked as `ccf lint` checks its overlay: resolution's problems, no content rules.
  const diagnostics = load.framework.overlay ? lint(load, {}, []) : lint(load, { releases });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    io.stderr(formatCompact(errors));
    throw new CommandError('LINT_ERRORS', `not ${what}: the content has lint errors`, {
      hint: 'Fix them (`ccf lint` shows every problem), then try again.',
    });
  }
  return diagnostics.filter((d) => d.severity === 'warning');
}

/**
 * Writes the folder atomically; errors name the folder as the user typed it (`shown`). `step` names the command for
 * the test failpoints (`<step>:files-written`, `<step>:old-aside`).
 */
export async function write(
  out: string,
  files: ReleaseFiles | AsyncIterable<[string, Uint8Array]>,
  overwrite: boolean,
  io: Io,
  step: string,
  shown = out,
): Promise<Map<string, number>> {
  try {
    return await writeRelease(out, files, { overwrite, failpoint: (at: WriteStep) => failpoint(io.env, `${step}:${at}`, out) });
  } catch (error) {
    if (error instanceof PublishError)
      throw new PublishError(error.code, error.message.split(out).join(shown), { hint: error.hint, cause: error });
    throw fileSystemError(error, io.cwd, out, overwrite ? `${shown} was left as it was` : 'nothing was written') ?? error;
  }
}

/** A size for people: `12.3 kB`. */
export function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : bytes < 1_000_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Lists the written files (name → bytes or their size), one per line. */
export function listing(files: ReadonlyMap<string, Uint8Array | number>): string {
  const width = Math.max(...[...files.keys()].map((n) => n.length));
  return [...files]
    .map(([name, bytes]) => `  ${name.padEnd(width)}  ${size(typeof bytes === 'number' ? bytes : bytes.byteLength).padStart(9)}\n`)
    .join('');
}

/**
 * Writes releases/releases.atom, feed.json and versions.json from releases/index.json and the manifests it pins (the
 * release folders are only read). They are made again whole after each release, so they always follow the index.
 */
export async function writeReleaseFeeds(releases: string, baseUrl: string, publisher: string): Promise<string[]> {
  const files = releaseFeedFiles({ baseUrl, publisher, ...(await readReleaseHistory(releases)) });
  for (const [name, text] of files) await writeFileAtomic(join(releases, name), text);
  return [...files.keys()];
}
