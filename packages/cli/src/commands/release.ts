import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Framework, Manifest, ReleaseIndex, ReleaseIndexEntry } from '@ccf/core';
import { allSubclusters, loadFramework, releaseSource, sha256, SourceError } from '@ccf/core';
import { crosswalkToCsv, crosswalkToSssom, diffFrameworks, renderMarkdown, type Bump, type ChangeSet } from '@ccf/diff';
import type { Command } from 'commander';
import { readConfig } from '../config.js';
import { CommandError, UsageError, type Io } from '../io.js';
import { version as toolVersion } from '../main.js';
import { build, fallbackDate, findRepoRoot, listing, loadForPublish, refuseLintErrors, size, write } from './publish.js';

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Semver precedence (semver.org §11): -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const ra = pa[4]?.split('.');
  const rb = pb[4]?.split('.');
  if (!ra || !rb) return ra ? -1 : rb ? 1 : 0;
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The bump from one version to the next: the highest of major, minor, patch that changed. */
export function bumpBetween(from: string, to: string): Bump {
  const a = VERSION.exec(from)!;
  const b = VERSION.exec(to)!;
  if (a[1] !== b[1]) return 'major';
  if (a[2] !== b[2]) return 'minor';
  if (a[3] !== b[3] || a[4] !== b[4]) return 'patch';
  return 'none';
}

const INDEX_SCHEMA = 'https://ccf.example.org/schemas/published/releases-index.schema.json' as const;

async function readIndex(path: string): Promise<ReleaseIndex | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const index = JSON.parse(text) as ReleaseIndex;
    if (!Array.isArray(index.releases) || !index.releases.every((r) => typeof r.version === 'string' && VERSION.test(r.version)))
      throw new Error('no releases list');
    return index;
  } catch (e) {
    throw new CommandError(
      `releases/index.json is malformed (${(e as Error).message})`,
      1,
      'Restore it from git: it is written by `ccf release` only.',
    );
  }
}

async function writeIndex(path: string, index: ReleaseIndex): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(index, null, 2) + '\n', { flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

function changelog(version: string, date: string | undefined, framework: Framework, cs: ChangeSet | undefined, previous?: string): string {
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
  return (
    head + `Compared with ${previous}: this release needs a **${cs.bump}** version bump.\n\n` + renderMarkdown(cs, { maxChars: 1_000_000 })
  );
}

/** `ccf release <version>`: publish into releases/<version>/ with a changelog and crosswalk against the previous release. */
export function registerRelease(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('release')
    .description('publish a new release into releases/<version>/, with CHANGELOG.md and a crosswalk from the previous release')
    .argument('<version>', 'the new version, e.g. 2.0.0; it must come after the latest release and match framework.md')
    .option('--from <source>', 'what to release: a content folder or a git ref (default: content/)')
    .option('--force', 'release even though the version does not match the bump the changes need (needs --reason)')
    .option('--reason <text>', 'why the version is forced; recorded in releases/index.json')
    .option('--date <iso>', 'the source date, when the content is not committed')
    .option('--config <file>', 'config file with change-rule levels (default: ccf.config.json in content/ or above)')
    .action(async (version: string, opts: { from?: string; force?: boolean; reason?: string; date?: string; config?: string }) => {
      if (!VERSION.test(version)) throw new UsageError(`Unexpected version \`${version}\`, expected a semantic version such as 2.0.0`);
      if (opts.force && !opts.reason?.trim())
        throw new UsageError('--force needs --reason "why"', 'The reason is recorded in releases/index.json.');
      const root = findRepoRoot(io.cwd);
      // The bump a release must make follows the change-rule levels, so they are read first.
      const { changes } = readConfig(join(root, 'content'), io, opts.config);
      const releases = join(root, 'releases');
      const out = join(releases, version);
      const shown = relative(io.cwd, out) || '.';
      if (existsSync(out)) throw new CommandError(`${shown} already exists: a release is never overwritten`, 1, 'Choose the next version.');
      const indexPath = join(releases, 'index.json');
      const index = await readIndex(indexPath);
      const versions = (index?.releases ?? []).map((r) => r.version).sort(compareVersions);
      const last = versions.at(-1);
      if (last && compareVersions(version, last) <= 0)
        throw new CommandError(`Unexpected version ${version}, expected a version after ${last} (the latest release)`, 1);

      const notes: string[] = [];
      const load = await loadForPublish(opts.from, io, notes);
      const framework = load.framework;
      refuseLintErrors(load, io, 'released');
      if (framework.meta.version !== version)
        throw new CommandError(
          `Unexpected version ${version}, expected the version framework.md gives (${framework.meta.version})`,
          1,
          `Set \`version: "${version}"\` in framework.md and commit it, then release.`,
        );
      const date = fallbackDate(opts.date, io);
      if (!framework.source.commit && !date)
        throw new CommandError(
          'the content has uncommitted changes: a release must come from a commit',
          1,
          'Commit the content (or release a git ref with --from), then release.',
        );

      let cs: ChangeSet | undefined;
      let forced: string | undefined;
      const extra = new Map<string, string>();
      if (last) {
        let previous: Framework;
        try {
          previous = (await loadFramework(releaseSource(join(releases, last), `@${last}`))).framework;
        } catch (error) {
          if (error instanceof SourceError) throw new CommandError(error.message, 1, error.hint);
          throw error;
        }
        cs = diffFrameworks(previous, framework, changes ? { changes } : {});
        const actual = bumpBetween(last, version);
        if (RANK[actual] < RANK[cs.bump]) {
          if (!opts.force)
            throw new CommandError(
              `Unexpected ${actual} release ${version}, expected a ${cs.bump} release: the changes since ${last} need it`,
              1,
              'Run `ccf diff @' + last + '` to see why, choose the right version, or pass --force --reason "…".',
            );
          forced = opts.reason!.trim();
        }
        extra.set('crosswalk.csv', crosswalkToCsv(cs));
        extra.set('crosswalk.sssom.tsv', crosswalkToSssom(cs));
      }
      const sourceDate = framework.source.date ?? date;
      extra.set('CHANGELOG.md', changelog(version, sourceDate, framework, cs, last));
      const files = build(framework, { toolVersion, extraFiles: extra, ...(date ? { date } : {}) });
      await write(out, files, false);

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
      const all = [...(index?.releases ?? []).filter((r) => r.version !== version), entry].sort((a, b) =>
        compareVersions(a.version, b.version),
      );
      await writeIndex(indexPath, { $schema: INDEX_SCHEMA, latest: all.at(-1)!.version, releases: all });

      for (const note of notes) io.stderr(`note: ${note}\n`);
      const total = [...files.values()].reduce((n, b) => n + b.byteLength, 0);
      io.stdout(
        `Released ${framework.meta.title} ${version} to ${shown}/: ${files.size} files, ${size(total)}` +
          (cs
            ? ` (${cs.changes.length} changes since ${last}, ${cs.bump} bump${forced ? `, forced: ${forced}` : ''})`
            : ' (first release)') +
          '\n' +
          listing(files) +
          `Updated ${relative(io.cwd, indexPath) || indexPath}. Commit both, then tag v${version}.\n`,
      );
      setExit(0);
    });
}
