import { join } from 'node:path';
import { countBySeverity, type Framework, type LoadResult, type ParseCache, type Source } from '@ccf/core';
import { directorySource, loadFrameworkPair, memoryCache, openSource } from '@ccf/core/node';
import type { DiffOptions } from '@ccf/diff';
import { openCache } from './cache.js';
import { readConfig } from './config.js';
import { UsageError, type Io } from './io.js';
import { findRepoRoot, isDir } from './repo.js';

// What `ccf diff` and `ccf crosswalk` share: the two versions a user named, and the change-rule levels.

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
  const warn = (source: Source, result: LoadResult): Framework => {
    const errors = countBySeverity(result.diagnostics).error;
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
  // Between two git refs only the changed blobs are read and parsed; anything else loads side by side.
  const pair = await loadFrameworkPair(fromSource, toSource, { cache });
  const from = warn(fromSource, pair.from);
  const to = warn(toSource, pair.to);
  // The cache can only make a run faster: a folder that cannot be written is no reason to fail.
  await disk?.flush().catch(() => undefined);
  return { from, to };
}

/** The change-rule levels of `ccf.config.json` (`changes`), as diff options; read before any version is loaded. */
export function changeLevels(io: Io, contentDir: string, explicit?: string): DiffOptions {
  const { changes } = readConfig(join(findRepoRoot(io.cwd, contentDir), contentDir), io, explicit);
  return changes ? { changes } : {};
}
