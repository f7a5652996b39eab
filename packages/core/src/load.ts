import { diskCache } from './cache.js';
import { attachFacts, computeFacts, hasFacts, type FactsLevel } from './facts.js';
import { sha256 } from './hash.js';
import { assemble, type AssembleOptions } from './assemble.js';
import type { FileSource, LoadResult, ParseCache, Source, SourceEntry } from './sources/types.js';
import type { Diagnostic, ParsedFile } from './types.js';
import { parseMany } from './workers.js';

export interface LoadOptions {
  /** Parsed files from earlier runs or the other side of a diff (see `memoryCache`, `diskCache`). */
  cache?: ParseCache;
  /** A folder for an on-disk parse cache (e.g. `.ccf-cache`), used when `cache` is not given. */
  cacheDir?: string;
  /** Threads to parse with when many files need parsing (default: one per core; 1 = this thread only). */
  threads?: number;
  /**
   * Markdown facts to compute with each parse and keep in the cache (see `markdownFacts`): `markup` for what lint
   * reads, `text` for that and the plain text publish writes. Computed in the parse workers; a cached file without
   * them gets them once and is cached again.
   */
  facts?: FactsLevel;
}

/** Reads a framework from any source. Never throws on content: problems are diagnostics. */
export async function loadFramework(source: Source, options: LoadOptions = {}): Promise<LoadResult> {
  if (source.kind === 'model') return source.load();
  const cache = options.cache ?? (options.cacheDir ? diskCache(options.cacheDir) : undefined);
  const listing = await source.list({ stat: cache !== undefined });
  const files = await loadFiles(source, listing.entries, listing.diagnostics, cache, options);
  // A cache that cannot be written only makes the next run slower.
  await cache?.flush?.().catch(() => undefined);
  return assemble(files, source.info, listing.diagnostics);
}

/** Two versions loaded together, and how many of the second one's files were taken from the first unread. */
export interface LoadPairResult {
  from: LoadResult;
  to: LoadResult;
  /** Files of `to` with the same path and content key (git blob) as in `from`: neither read, decoded nor parsed again. */
  shared: number;
}

/**
 * Loads two versions for a diff. When both sources name their files by content (git refs: path and blob SHA, the
 * pairs `git diff-tree -r` compares), a file of `to` whose path and blob equal `from`'s is that very parsed file
 * and that very node object: only the changed blobs are read and parsed, and a comparison can skip the shared
 * nodes (`o === n`). Anything else (a folder, a release) loads each side on its own, as `loadFramework` does.
 */
export async function loadFrameworkPair(from: Source, to: Source, options: LoadOptions = {}): Promise<LoadPairResult> {
  const cache = options.cache ?? (options.cacheDir ? diskCache(options.cacheDir) : undefined);
  if (from.kind === 'model' || to.kind === 'model' || !byContent(from) || !byContent(to)) {
    // One after the other, so the second version reuses every blob the first one parsed.
    const a = await loadFramework(from, cache ? { ...options, cache } : options);
    const b = await loadFramework(to, cache ? { ...options, cache } : options);
    return { from: a, to: b, shared: 0 };
  }
  // In turn, so that of two bad refs the first one named is the one reported.
  const left = await from.list();
  const right = await to.list();
  const before = await loadFiles(from, left.entries, left.diagnostics, cache, options);
  const keyed = new Map<string, string | undefined>();
  for (const e of left.entries) keyed.set(e.path, e.key);
  const byPath = new Map<string, ParsedFile>();
  for (const f of before) byPath.set(f.path, f);
  const same: ParsedFile[] = [];
  const changed: SourceEntry[] = [];
  for (const e of right.entries) {
    const file = e.key !== undefined && keyed.get(e.path) === e.key ? byPath.get(e.path) : undefined;
    if (file) same.push(file);
    else changed.push(e);
  }
  const after = [...same, ...(await loadFiles(to, changed, right.diagnostics, cache, options))];
  await cache?.flush?.().catch(() => undefined);
  // One table for both assembles: a shared file gives both versions the same sub-cluster node object.
  const reuse: AssembleOptions = { nodes: new WeakMap() };
  return {
    from: assemble(before, from.info, left.diagnostics, reuse),
    to: assemble(after, to.info, right.diagnostics, reuse),
    shared: same.length,
  };
}

/** Whether every file of a source is named by its content before it is read (a git ref's blob SHAs). */
function byContent(source: FileSource): boolean {
  return source.info.kind === 'git';
}

/** The parsed files of `entries`: from the cache when their key is known, else read and parsed (problems go to `diagnostics`). */
async function loadFiles(
  source: FileSource,
  entries: SourceEntry[],
  diagnostics: Diagnostic[],
  cache: ParseCache | undefined,
  options: Pick<LoadOptions, 'threads' | 'facts'>,
): Promise<ParsedFile[]> {
  const files: ParsedFile[] = [];
  const toRead = [];
  for (const entry of entries) {
    // A git blob SHA names the bytes; a stat signature names them as long as the file is untouched.
    const known = entry.key ?? entry.stat;
    const cached = known ? cache?.get(known, entry.path) : undefined;
    if (cached) {
      if (options.facts && known && !hasFacts(cached, options.facts)) {
        attachFacts(cached, computeFacts(cached, options.facts));
        cache?.set(known, entry.path, cached);
      }
      files.push(cached);
    } else toRead.push(entry);
  }
  const bytes = await source.read(toRead);
  const jobs: { entry: SourceEntry; key: string | undefined; bytes: Uint8Array }[] = [];
  for (const entry of toRead) {
    const content = bytes.get(entry.path);
    if (content && !(content instanceof Uint8Array)) {
      diagnostics.push(content);
      continue;
    }
    if (!content) {
      diagnostics.push({
        file: entry.path,
        line: 1,
        column: 1,
        ruleId: 'unreadable',
        severity: 'error',
        message: 'Unexpected unreadable file, expected to read it',
      });
      continue;
    }
    // Touched but unchanged bytes (a checkout, a save without edits) are still found by content.
    const key = entry.key ?? (cache ? sha256(content) : undefined);
    const cached = key && key !== entry.key ? cache?.get(key, entry.path) : undefined;
    if (cached && key) {
      if (options.facts && !hasFacts(cached, options.facts)) {
        attachFacts(cached, computeFacts(cached, options.facts));
        cache?.set(key, entry.path, cached);
      }
      if (entry.stat) cache?.alias?.(entry.stat, key, entry.path);
      files.push(cached);
    } else jobs.push({ entry, key, bytes: content });
  }
  const parsed = await parseMany(
    jobs.map((j) => ({ path: j.entry.path, bytes: j.bytes })),
    options.threads,
    options.facts,
  );
  jobs.forEach(({ entry, key }, i) => {
    const file = parsed[i]!;
    if (cache && key) {
      cache.set(key, entry.path, file);
      if (entry.stat) cache.alias?.(entry.stat, key, entry.path);
    }
    files.push(file);
  });
  return files;
}
