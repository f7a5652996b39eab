import { resolve } from 'node:path';
import { CacheError, diskCache, machineSecret, repositoryCacheDir, type DiskCache } from '@ccf/core/node';
import { UsageError, type Io } from './io.js';

/** The `--cache <dir>` / `--no-cache` option of lint, diff and crosswalk. */
export const cacheOptionHelp = 'where to keep parsed files between runs (default: a folder per repository in your user cache folder)';

/**
 * The parse cache a command uses: none for `--no-cache`, the folder `--cache` names, or by default this
 * repository's folder in the user's cache folder (`$XDG_CACHE_HOME/ccf`, never the work tree, so no commit
 * can plant one). A refused folder is a usage error; with nowhere to keep the cache secret, no cache.
 */
export function openCache(io: Io, repoRoot: string, option: string | boolean | undefined): DiskCache | undefined {
  if (option === false) return undefined;
  const root = typeof option === 'string' ? resolve(io.cwd, option) : repositoryCacheDir(repoRoot, io.env);
  try {
    return diskCache(root, { secret: machineSecret(io.env) });
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    if (error.code === 'CACHE_REFUSED')
      throw new UsageError(
        'CACHE_REFUSED',
        error.message,
        error.hint === undefined ? { cause: error } : { hint: error.hint, cause: error },
      );
    // The cache can only make a run faster: having nowhere to keep it is no reason to fail.
    io.stderr(`ccf: warning: ${error.message}\n`);
    return undefined;
  }
}
