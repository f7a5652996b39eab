import { diskCache } from './cache.js';
import { attachFacts, computeFacts, hasFacts, type FactsLevel } from './facts.js';
import { sha256 } from './hash.js';
import { assemble } from './assemble.js';
import type { LoadResult, ParseCache, Source, SourceEntry } from './sources/types.js';
import type { ParsedFile } from './types.js';
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
  const { entries, diagnostics } = await source.list({ stat: cache !== undefined });
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
  // A cache that cannot be written only makes the next run slower.
  await cache?.flush?.().catch(() => undefined);
  return assemble(files, source.info, diagnostics);
}
