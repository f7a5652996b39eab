import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { createApp, sitePaths } from '@ccf/server';
import { createNodeStore } from '@ccf/server/node';
import type { Command } from 'commander';
import { CommandError, UsageError, type Io } from '../io.js';
import { findRepoRoot } from '../repo.js';

export interface BuildSiteOptions {
  out: string;
  source?: string;
  base: string;
}

/** Marks a folder as written by build-site, so a rebuild may replace it. */
const MARKER = '.ccf-site';

/** Pre-renders every page and API document to files; returns the count and bytes written. */
export async function buildSite(options: BuildSiteOptions, io: Io): Promise<{ files: number; bytes: number; out: string }> {
  if (!/^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(options.base) || options.base.includes('/../') || options.base.includes('/./'))
    throw new UsageError(
      'USAGE_BAD_BASE',
      `Unexpected base \`${options.base}\`, expected a path that starts and ends with \`/\`, such as \`/\` or \`/ccf/\``,
    );
  const out = resolve(io.cwd, options.out);
  const repoRoot = findRepoRoot(io.cwd);
  if (!relative(out, repoRoot).startsWith('..'))
    throw new UsageError(
      'USAGE_OUT_HOLDS_REPOSITORY',
      `Unexpected output folder \`${options.out}\`, expected a folder that does not hold the repository`,
    );
  const existing = await lstat(out).catch(() => undefined);
  if (
    existing &&
    !(
      existing.isDirectory() &&
      (await readFile(join(out, MARKER)).then(
        () => true,
        () => false,
      ))
    )
  )
    throw new CommandError('SITE_TARGET_EXISTS', `${options.out} exists and was not written by ccf build-site`, {
      hint: 'Remove it, or pick another folder with --out.',
    });

  const store = await createNodeStore({ repoRoot, cwd: options.source ? io.cwd : repoRoot, source: options.source ?? 'content' });
  const snapshot = store.snapshot();
  const app = createApp(store, { base: options.base, allowedHosts: '*', staticSite: true });

  // Write beside the target, then swap: a failure leaves the previous site whole.
  const tag = randomBytes(4).toString('hex');
  const tmp = `${out}.tmp-${tag}`;
  let bytes = 0;
  const paths = sitePaths(snapshot);
  try {
    await mkdir(tmp, { recursive: true });
    for (const { path, file } of paths) {
      const res = await app.request(`http://localhost${path}`);
      // Every path comes from the site map of this very snapshot: anything but 200 is a bug in ccf (exit 70).
      if (res.status !== 200) throw new Error(`Rendering ${path} answered ${res.status}`);
      const body = new Uint8Array(await res.arrayBuffer());
      const target = join(tmp, file);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
      bytes += body.byteLength;
    }
    await indexForSearch(tmp);
    await writeFile(join(tmp, MARKER), 'Written by `ccf build-site`; replaced whole by the next build.\n');
    const old = `${out}.old-${tag}`;
    if (existing) await rename(out, old);
    await rename(tmp, out);
    if (existing) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return { files: paths.length, bytes, out };
}

/**
 * Indexes the written pages with Pagefind (its binary ships in the npm package: no network), into pagefind/, so the
 * search page works on any static host. Only what the pages mark `data-pagefind-body` is indexed: clusters and
 * sub-clusters, with their definitions and occupations.
 */
async function indexForSearch(dir: string): Promise<void> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({});
    const fail = (what: string, problems: string[]): CommandError =>
      new CommandError('SITE_SEARCH_INDEX', `Cannot index the site for search: ${what} (${problems.join('; ').slice(0, 500)})`, {
        hint: 'Pagefind runs the binary of its npm package (@pagefind/<platform>): reinstall with `npm ci` on this platform.',
      });
    if (!index) throw fail('Pagefind did not start', errors);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length) throw fail('reading the pages failed', added.errors);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length) throw fail('writing the index failed', written.errors);
  } finally {
    await pagefind.close();
  }
}

/** `ccf build-site --out dist/site`: the whole preview as static files, for a CDN or GitHub Pages. */
export function registerBuildSite(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('build-site')
    .description('pre-render every page and API document to static files (for a CDN or GitHub Pages)')
    .option('-o, --out <folder>', 'output folder', 'dist/site')
    .option('-s, --source <source>', 'what to render: a content folder, a git ref, or a release such as @1.0.0 (default: content)')
    .option('--base <path>', 'path the site is served under, e.g. /ccf/ for a GitHub project site', '/')
    .action(async (options: BuildSiteOptions) => {
      const { files, bytes, out } = await buildSite(options, io);
      const shown = relative(io.cwd, out);
      io.stdout(`ccf: wrote ${files} files (${(bytes / 1024).toFixed(0)} KB) to ${shown.startsWith('..') ? out : shown || '.'}\n`);
      setExit(0);
    });
}
