import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { allSubclusters } from '@ccf/core';
import { publishedReleases } from '@ccf/core/node';
import { streamRelease } from '@ccf/publish';
import type { Command } from 'commander';
import { cacheOptionHelp, openCache } from '../cache.js';
import { UsageError, type Io } from '../io.js';
import { earlierReleases, fallbackDate, listing, loadForPublish, refuseLintErrors, size, write } from '../publishing.js';
import { findRepoRoot } from '../repo.js';
import { version } from '../version.js';

/**
 * Where a path really is: the real path of its nearest existing ancestor, with the rest appended. Node normalizes
 * `..` before it writes, so this is the folder a write to `path` lands in, through any symlinked parent.
 */
export function realTarget(path: string): string {
  const rest: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      return join(realpathSync(dir), ...rest);
    } catch {
      if (dirname(dir) === dir) return resolve(path);
      rest.unshift(basename(dir));
    }
  }
}

/** Whether `path` is `dir` or inside it. */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** `ccf publish [--from <source>] [--out <dir>]`: exit 0 published, 1 refused (lint errors, unsafe folder), 2 bad usage. */
export function registerPublish(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('publish')
    .description('write the framework as JSON, CSV, CASE and a Frictionless data package, with a checksummed manifest')
    .argument('[folder]', 'a content folder or a state overlay folder to publish (the same as --from)')
    .option(
      '--from <source>',
      'what to publish: a content folder, a state overlay folder, a git ref or a release such as @1.0.0 (default: content/)',
    )
    .option('--releases <dir>', 'where a state overlay\'s `extends: "@x.y.z"` finds releases (default: releases/ of the repository)')
    .option('-o, --out <dir>', 'the folder to write; replaced whole if ccf wrote it before', 'dist/publish')
    .option('--excel', 'start each CSV with a byte order mark so that Excel reads it as UTF-8')
    .option('--date <iso>', 'the source date when the content is not committed (default: $SOURCE_DATE_EPOCH, else none)')
    .option('--cache <dir>', cacheOptionHelp)
    .option('--no-cache', 'parse every file and keep nothing')
    .action(
      async (
        folder: string | undefined,
        opts: { from?: string; out: string; excel?: boolean; date?: string; releases?: string; cache?: string | boolean },
      ) => {
        if (folder !== undefined && opts.from !== undefined && folder !== opts.from)
          throw new UsageError('USAGE_BAD_OPTION', `Unexpected both ${folder} and --from ${opts.from}, expected one source to publish`);
        const from = folder ?? opts.from;
        const target = isAbsolute(opts.out) ? opts.out : resolve(io.cwd, opts.out);
        const releases = join(findRepoRoot(io.cwd), 'releases');
        // Compared as written and as real paths: a symlinked parent (`--out link/9.9.9`, link → releases) must not
        // reach into releases/ either.
        if (inside(releases, target) || inside(realTarget(releases), realTarget(target)))
          throw new UsageError('USAGE_OUT_IN_RELEASES', `Unexpected --out ${opts.out} inside releases/, expected a folder outside it`, {
            hint: 'Releases are made with `ccf release <version>`.',
          });
        const notes: string[] = [];
        const cache = openCache(io, findRepoRoot(io.cwd), opts.cache);
        const load = await loadForPublish(from, io, notes, {
          ...(opts.releases ? { releases: opts.releases } : {}),
          ...(cache ? { cache } : {}),
        });
        const warnings = refuseLintErrors(load, io, 'published', await publishedReleases(findRepoRoot(io.cwd)));
        const date = fallbackDate(opts.date, io);
        if (!load.framework.source.date && !date)
          notes.push('No source date: dates in case.json read 1970-01-01. Commit the content, or pass --date or SOURCE_DATE_EPOCH.');
        // A state framework's lineage and CASE links point into its national base.
        const earlier = load.base ? [load.base] : await earlierReleases(findRepoRoot(io.cwd), load.framework.meta.version);
        // Each file is written as it is built: no more than one output in memory.
        const files = streamRelease(load.framework, {
          toolVersion: version,
          excel: opts.excel ?? false,
          earlier,
          ...(date ? { date } : {}),
        });
        const out = isAbsolute(opts.out) ? opts.out : resolve(io.cwd, opts.out);
        const shown = relative(io.cwd, out) || '.';
        const written = await write(out, files, true, io, 'publish', shown.startsWith('..') ? out : shown);
        for (const note of notes) io.stderr(`note: ${note}\n`);
        const total = [...written.values()].reduce((n, b) => n + b, 0);
        const fw = load.framework;
        io.stdout(
          `Published ${fw.meta.title} ${fw.meta.version} (${fw.clusters.length} ${fw.meta.terms.cluster.toLowerCase()}s, ` +
            `${allSubclusters(fw).length} ${fw.meta.terms.subcluster.toLowerCase()}s) to ${shown.startsWith('..') ? out : shown}/: ` +
            `${written.size} files, ${size(total)}${warnings.length ? `, ${warnings.length} lint warning${warnings.length === 1 ? '' : 's'}` : ''}\n` +
            listing(written),
        );
        setExit(0);
      },
    );
}
