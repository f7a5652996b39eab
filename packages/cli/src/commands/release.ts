import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Framework, Manifest, ReleaseIndex, ReleaseIndexEntry } from '@ccf/core';
import { allSubclusters, compareVersions, DEFAULT_BASE_URL, isVersion, siteBaseUrl as baseUrlOf } from '@ccf/core';
import {
  alive,
  directorySource,
  loadFramework,
  readReleaseManifest,
  releaseSource,
  removeLeftovers,
  publishedReleases,
  sha256,
  temporaryName,
  writeFileAtomic,
} from '@ccf/core/node';
import {
  diffFrameworks,
  renderCrosswalkCsv,
  renderCrosswalkSssom,
  renderCrosswalkSvg,
  toCrosswalkTable,
  renderChangeSetMarkdown,
  type Bump,
  type ChangeSet,
} from '@ccf/diff';
import type { LintConfig } from '@ccf/lint';
import { buildRelease, publishedBaseUrl, publishedSchemaUrl, type ReleaseFiles, type Sheet } from '@ccf/publish';
import type { Command } from 'commander';
import { SemVer } from 'semver';
import { readConfig } from '../config.js';
import { failpoint } from '../failpoint.js';
import { CommandError, fileSystemError, UsageError, type Io } from '../io.js';
import { checkContentVersion, checkEdition, placeVersion, renderFileChanges } from '../lines.js';
import { fallbackDate, listing, loadForPublish, refuseLintErrors, size, write, writeReleaseFeeds } from '../publishing.js';
import { findRepoRoot } from '../repo.js';
import { verifyReleaseFolder } from '../verify-release.js';
import { version as toolVersion } from '../version.js';

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The bump from one version to the next: the highest of major, minor, patch that changed. */
export function bumpBetween(from: string, to: string): Bump {
  const a = new SemVer(from);
  const b = new SemVer(to);
  if (a.major !== b.major) return 'major';
  if (a.minor !== b.minor) return 'minor';
  if (a.patch !== b.patch || a.prerelease.join('.') !== b.prerelease.join('.')) return 'patch';
  return 'none';
}

async function readIndex(path: string): Promise<ReleaseIndex | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const index = JSON.parse(text) as ReleaseIndex;
    if (!Array.isArray(index.releases) || !index.releases.every((r) => typeof r.version === 'string' && isVersion(r.version)))
      throw new Error('no releases list');
    return index;
  } catch (e) {
    throw new CommandError('RELEASE_BAD_INDEX', `releases/index.json is malformed (${(e as Error).message})`, {
      hint: 'Restore it from git: it is written by `ccf release` only.',
      cause: e,
    });
  }
}

async function writeIndex(path: string, index: ReleaseIndex): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(index, null, 2) + '\n');
}

/**
 * The index with `entry` in it (replacing one of the same version), in semver precedence order, so that a
 * maintenance release (1.0.1) sits with its line, before 2.0.0; `latest` stays the highest version. Its `$schema` is
 * under the base URL of the release being added, else kept as it was (finishing an interrupted release).
 */
function withEntry(index: ReleaseIndex | undefined, entry: ReleaseIndexEntry, baseUrl?: string): ReleaseIndex {
  const all = [...(index?.releases ?? []).filter((r) => r.version !== entry.version), entry].sort((a, b) =>
    compareVersions(a.version, b.version),
  );
  const $schema = baseUrl
    ? publishedSchemaUrl(baseUrl, 'releases-index')
    : (index?.$schema ?? publishedSchemaUrl(DEFAULT_BASE_URL, 'releases-index'));
  return { $schema, latest: all.at(-1)!.version, releases: all };
}

// A release is one transaction over two renames (releases/<version>/, then releases/index.json). Before the
// first, a journal records the index entry it will add; it is removed after the second. Every `ccf release`
// starts (under the lock) by finishing or rolling back what an interrupted run left, so no state needs a human.
const JOURNAL = '.ccf-release-journal.json';
const LOCK = '.ccf-release.lock';
/** How long a release waits for another one to finish. */
const LOCK_WAIT_MS = 60_000;

interface Journal {
  entry: ReleaseIndexEntry;
}

interface LockHolder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/**
 * Takes releases/.ccf-release.lock (created with O_EXCL), so two releases never read and write the index at the
 * same time. A lock whose process has ended on this machine is stale and is taken over; otherwise this waits for
 * up to a minute, then refuses. Resolves to a function that gives the lock back.
 */
async function lock(releases: string, io: Io): Promise<() => Promise<void>> {
  const path = join(releases, LOCK);
  const me: LockHolder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify(me) + '\n');
      } finally {
        await fh.close();
      }
      return async () => {
        const holder = await readHolder(path);
        if (holder?.token === me.token) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(path);
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0);
    // A holder that is gone (killed), or a lock file left empty by a process killed while writing it.
    const stale = holder ? holder.host === me.host && !alive(holder.pid) : age > 10_000;
    if (stale) {
      const aside = temporaryName(path, 'old');
      await rename(path, aside).catch(() => undefined);
      const moved = await readHolder(aside);
      // Another run may have taken the stale lock over between our read and our rename: give its lock back.
      if (moved && holder && moved.token !== holder.token) await rename(aside, path).catch(() => undefined);
      await rm(aside, { force: true });
      if (holder) io.stderr(`note: removed a stale release lock (process ${holder.pid} has ended)\n`);
      continue;
    }
    if (Date.now() > deadline)
      throw new CommandError(
        'RELEASE_LOCKED',
        `another \`ccf release\` is running${holder ? ` (process ${holder.pid} on ${holder.host}, since ${holder.since})` : ''}`,
        { hint: `Wait for it to finish. If no release is running, remove ${relative(io.cwd, path)}.` },
      );
    if (!told) io.stderr('waiting for another `ccf release` to finish…\n');
    told = true;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.token === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `dir` holds exactly the files of the manifest whose SHA-256 is `manifestSha256`, each matching. */
async function complete(dir: string, manifestSha256: string): Promise<boolean> {
  try {
    return (await verifyReleaseFolder(dir, manifestSha256)).problems.length === 0;
  } catch {
    return false;
  }
}

/**
 * Finishes or rolls back a release that was interrupted (killed, or a failed roll-back): when its folder is in place
 * and whole, the index gets its entry; when it is not there, nothing was released. Resolves to what was done.
 */
async function recover(releases: string, io: Io): Promise<{ version: string; finished: boolean } | undefined> {
  const path = join(releases, JOURNAL);
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text === undefined) return undefined;
  const shown = relative(io.cwd, path);
  let entry: ReleaseIndexEntry;
  try {
    entry = (JSON.parse(text) as Journal).entry;
    if (!isVersion(entry.version) || !/^[0-9a-f]{64}$/.test(entry.manifestSha256)) throw new Error('no release entry');
  } catch (e) {
    throw new CommandError('RELEASE_BAD_JOURNAL', `${shown} is malformed (${(e as Error).message})`, {
      hint: 'It is written by `ccf release` only: remove it, then check releases/ with `git status`.',
      cause: e,
    });
  }
  const dir = join(releases, entry.version);
  if (!existsSync(dir)) {
    await rm(path, { force: true });
    io.stderr(`note: rolled back the interrupted release ${entry.version}: none of it had been written\n`);
    return { version: entry.version, finished: false };
  }
  if (!(await complete(dir, entry.manifestSha256)))
    throw new CommandError(
      'RELEASE_BAD_JOURNAL',
      `${relative(io.cwd, dir)}/ does not match the interrupted release ${entry.version} that ${shown} records`,
      { hint: `It was changed after that run stopped. Remove ${relative(io.cwd, dir)}/ and ${shown}, then release again.` },
    );
  const indexPath = join(releases, 'index.json');
  await writeIndex(indexPath, withEntry(await readIndex(indexPath), entry));
  await rm(path, { force: true });
  const released = (await loadFramework(releaseSource(dir, `@${entry.version}`))).framework;
  await writeReleaseFeeds(releases, baseUrlOf(released.meta.baseUrl), released.meta.publisher);
  io.stderr(`note: finished the interrupted release ${entry.version}: ${relative(io.cwd, indexPath)} now lists it\n`);
  return { version: entry.version, finished: true };
}

function changelog(
  version: string,
  date: string | undefined,
  framework: Framework,
  cs: ChangeSet | undefined,
  previous?: string,
  line?: number,
): string {
  const head = `# ${framework.meta.title} ${version}${date ? ` (${date.slice(0, 10)})` : ''}\n\n`;
  if (!cs || !previous) {
    const subs = allSubclusters(framework);
    return (
      head +
      `First release: the ${framework.meta.edition} edition, ${framework.clusters.length} ${framework.meta.terms.cluster.toLowerCase()}s, ` +
      `${subs.length} ${framework.meta.terms.subcluster.toLowerCase()}s and ${subs.reduce((n, s) => n + s.soc.length, 0)} occupation links. ` +
      'There is no earlier release to compare with, so there is no crosswalk.\n'
    );
  }
  const against = `${previous}${line ? `, the previous release of the ${line}.x line` : ''}`;
  // Content equal to the previous release's: a maintenance release of the files, whose section follows.
  if (cs.changes.length === 0)
    return head + `The framework's content is the same as ${against}: nothing changed in it. This release corrects the files.\n`;
  return (
    head +
    `Compared with ${against}: this release needs a **${cs.bump}** version bump.\n\n` +
    renderChangeSetMarkdown(cs, { maxChars: 1_000_000, diagramUrl: 'crosswalk.svg' })
  );
}

/** `ccf release <version>`: publish into releases/<version>/ with a changelog and crosswalk against the previous release. */
export function registerRelease(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('release')
    .description('publish a new release into releases/<version>/, with CHANGELOG.md and a crosswalk from the previous release')
    .argument('<version>', 'the new version, e.g. 2.0.0; it must come after the latest release of its major line and match framework.md')
    .option('--from <source>', 'what to release: a content folder, a git ref or a release (@1.0.0) (default: content/)')
    .option('--notes <file>', 'Markdown telling consumers of the previous release what to do, added to CHANGELOG.md')
    .option(
      '--force',
      'release even though the version does not match the bump the changes need, or starts a line below the latest (needs --reason)',
    )
    .option('--reason <text>', 'why the version is forced; recorded in releases/index.json')
    .option('--date <iso>', 'the source date, when the content is not committed')
    .option('--config <file>', 'config file with change-rule levels (default: ccf.config.json in content/ or above)')
    .action(async (version: string, opts: ReleaseOptions & { config?: string }) => {
      if (!isVersion(version))
        throw new UsageError('USAGE_BAD_VERSION', `Unexpected version \`${version}\`, expected a semantic version such as 2.0.0`);
      if (opts.force && !opts.reason?.trim())
        throw new UsageError('USAGE_FORCE_WITHOUT_REASON', '--force needs --reason "why"', {
          hint: 'The reason is recorded in releases/index.json.',
        });
      const root = findRepoRoot(io.cwd);
      // The bump a release must make follows the change-rule levels, so they are read first.
      const { changes } = readConfig(join(root, 'content'), io, opts.config);
      const releases = join(root, 'releases');
      let unlock: (() => Promise<void>) | undefined;
      try {
        await mkdir(releases, { recursive: true });
        unlock = await lock(releases, io);
        await removeLeftovers(releases);
        const recovered = await recover(releases, io);
        if (recovered?.finished && recovered.version === version) {
          io.stdout(
            `Released ${version} to ${relative(io.cwd, join(releases, version))}/ (an interrupted run, now finished). ` +
              `Commit it and ${relative(io.cwd, join(releases, 'index.json'))}, then tag v${version}.\n`,
          );
          setExit(0);
          return;
        }
        await release(version, opts, io, releases, changes);
        setExit(0);
      } catch (error) {
        throw fileSystemError(error, io.cwd, releases, 'nothing was released') ?? error;
      } finally {
        await unlock?.();
      }
    });
}

interface ReleaseOptions {
  from?: string;
  notes?: string;
  force?: boolean;
  reason?: string;
  date?: string;
}

/** The release itself, under the lock: checks, builds, then writes the folder and the index as one transaction. */
async function release(version: string, opts: ReleaseOptions, io: Io, releases: string, changes: LintConfig['changes']): Promise<void> {
  const out = join(releases, version);
  const shown = relative(io.cwd, out) || '.';
  if (existsSync(out))
    throw new CommandError('RELEASE_EXISTS', `${shown} already exists: a release is never overwritten`, {
      hint: 'Choose the next version.',
    });
  const indexPath = join(releases, 'index.json');
  const index = await readIndex(indexPath);
  // A release follows the latest release of its major line (ADR 0017), and is compared with it.
  const placement = placeVersion(index, version, opts.force === true);
  const last = placement.previous?.version;
  const notesText = opts.notes === undefined ? undefined : await readNotes(opts.notes, io);

  const notes: string[] = [];
  const load = await loadForPublish(opts.from, io, notes);
  const framework = load.framework;
  refuseLintErrors(load, io, 'released', await publishedReleases(dirname(releases)));
  checkEdition(placement, framework, index);
  const republished =
    checkContentVersion(version, framework, placement) === 'republished'
      ? { version: framework.meta.version, ...(framework.source.commit ? { commit: framework.source.commit } : {}) }
      : undefined;
  // Content from a ref or a release is an older version published again: it takes the command's version, and its URLs
  // name today's site (the work tree's baseUrl), where releases/ is served.
  if (republished) framework.meta.version = version;
  if (framework.source.kind !== 'directory') {
    const site = await siteBaseUrl(join(releases, '..', 'content'));
    if (site !== undefined) framework.meta.baseUrl = site;
  }
  const date = fallbackDate(opts.date, io);
  if (!framework.source.commit && !date)
    throw new CommandError('RELEASE_UNCOMMITTED', 'the content has uncommitted changes: a release must come from a commit', {
      hint: 'Commit the content (or release a git ref with --from), then release.',
    });

  // Checked before anything is computed: every URL of the release is built from it.
  const baseUrl = publishedBaseUrl(framework);
  // Every earlier release, oldest first: `derivedFrom` may name a node of any of them (CASE lineage titles). A
  // maintenance release (1.0.1 after 2.0.0) has only the versions below it as earlier ones.
  const versions = (index?.releases ?? [])
    .map((r) => r.version)
    .filter((v) => compareVersions(v, version) < 0)
    .sort(compareVersions);
  const earlier: Framework[] = [];
  for (const v of versions) earlier.push((await loadFramework(releaseSource(join(releases, v), `@${v}`))).framework);
  let cs: ChangeSet | undefined;
  let forced: string | undefined;
  const extra = new Map<string, string>();
  const sheets: Sheet[] = [];
  if (last) {
    const previous = earlier[versions.indexOf(last)] ?? (await loadFramework(releaseSource(join(releases, last), `@${last}`))).framework;
    cs = diffFrameworks(previous, framework, changes ? { changes } : {});
    const actual = bumpBetween(last, version);
    if (RANK[actual] < RANK[cs.bump]) {
      if (!opts.force)
        throw new CommandError(
          'RELEASE_BUMP_TOO_SMALL',
          `Unexpected ${actual} release ${version}, expected a ${cs.bump} release: the changes since ${last} need it`,
          { hint: 'Run `ccf diff @' + last + '` to see why, choose the right version, or pass --force --reason "…".' },
        );
      forced = opts.reason!.trim();
    }
    extra.set('crosswalk.csv', renderCrosswalkCsv(cs));
    extra.set('crosswalk.sssom.tsv', renderCrosswalkSssom(cs, { baseUrl }));
    extra.set('crosswalk.svg', renderCrosswalkSvg(cs));
    sheets.push(toCrosswalkTable(cs));
  }
  if (placement.startsOldLine) forced = opts.reason!.trim();
  const sourceDate = framework.source.date ?? date;
  const log = changelog(
    version,
    sourceDate,
    framework,
    cs,
    last,
    placement.maintenance && placement.line.length ? placement.major : undefined,
  );
  extra.set('CHANGELOG.md', log + (notesText ? `\n## What a consumer of ${last ?? 'earlier files'} must do\n\n${notesText.trim()}\n` : ''));
  const build = (): Promise<ReleaseFiles> =>
    buildRelease(framework, { toolVersion, extraFiles: extra, extraSheets: sheets, baseUrl, earlier, ...(date ? { date } : {}) });
  let files = await build();
  if (last) {
    // The files section compares the built files with the previous release's, so the release is built twice: the
    // changelog is itself one of the files, and the manifest of the first build lists every other one.
    extra.set('CHANGELOG.md', extra.get('CHANGELOG.md')! + '\n' + (await fileChanges(releases, last, files, republished)));
    files = await build();
  }
  const journal = join(releases, JOURNAL);

  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
  const entry: ReleaseIndexEntry = {
    version,
    edition: framework.meta.edition,
    path: `${version}/`,
    manifestSha256: sha256(files.get('manifest.json')!),
    ...(manifest.source.date ? { date: manifest.source.date } : {}),
    ...(manifest.source.commit ? { commit: manifest.source.commit } : {}),
    ...(last ? { previous: last } : {}),
    ...(cs ? { bump: cs.bump } : {}),
    ...(forced ? { forced } : {}),
  };
  await failpoint(io.env, 'release:journal', journal);
  await writeFileAtomic(journal, JSON.stringify({ entry } satisfies Journal, null, 2) + '\n');
  let placed = false;
  try {
    await write(out, files, false, io, 'release', shown);
    placed = true;
    await failpoint(io.env, 'release:index', indexPath);
    await writeIndex(indexPath, withEntry(index, entry, baseUrl));
  } catch (error) {
    // Roll back what this run wrote, so that a full disk leaves releases/ as it was. Should that fail too, the
    // journal stays and the next `ccf release` finishes or rolls back.
    try {
      if (placed) {
        const aside = temporaryName(out, 'old');
        await rename(out, aside);
        await rm(aside, { recursive: true, force: true });
      }
      await rm(journal, { force: true });
    } catch {
      // see above
    }
    throw error;
  }
  await failpoint(io.env, 'release:commit', journal);
  await rm(journal, { force: true });
  // After the release is whole: the feeds follow the index, and an interrupted run's recovery writes them again.
  const feeds = await writeReleaseFeeds(releases, baseUrl, framework.meta.publisher);

  for (const note of notes) io.stderr(`note: ${note}\n`);
  const total = [...files.values()].reduce((n, b) => n + b.byteLength, 0);
  io.stdout(
    `Released ${framework.meta.title} ${version} to ${shown}/: ${files.size} files, ${size(total)}` +
      (cs ? ` (${cs.changes.length} changes since ${last}, ${cs.bump} bump${forced ? `, forced: ${forced}` : ''})` : ' (first release)') +
      '\n' +
      listing(files) +
      `Updated ${relative(io.cwd, indexPath) || indexPath} and ${feeds.join(', ')} beside it. Commit them, then tag v${version}.\n`,
  );
}

/** The Markdown of --notes: a UTF-8 file the releaser wrote. */
async function readNotes(path: string, io: Io): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError('USAGE_NO_SUCH_FILE', `Cannot read --notes ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      hint: 'Name a Markdown file that tells consumers of the previous release what to do.',
      cause: error,
    });
  }
}

/** The baseUrl of the work tree's framework.md: the site this checkout builds, which serves every release. */
async function siteBaseUrl(content: string): Promise<string | undefined> {
  if (!existsSync(join(content, 'framework.md'))) return undefined;
  return (await loadFramework(directorySource(content, 'content'))).framework.meta.baseUrl;
}

/** The changelog's files section: the new files against the previous release's manifest (checked against the index). */
async function fileChanges(
  releases: string,
  previous: string,
  files: Map<string, Uint8Array>,
  republished: { version: string; commit?: string } | undefined,
): Promise<string> {
  const dir = join(releases, previous);
  const before = await readReleaseManifest(dir, `@${previous}`);
  const beforeTool = (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest).tool?.version;
  const after = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
  return renderFileChanges({
    previous: { version: previous, ...(beforeTool ? { tool: beforeTool } : {}), files: before },
    next: { tool: after.tool.version, files: new Map(after.files.map((f) => [f.path, f])) },
    ...(republished ? { republished } : {}),
  });
}
