import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReleaseIndex } from '../generated/published.js';
import { loadFramework } from '../load.js';
import type { Framework } from '../types.js';
import { releaseSource } from './release.js';

/**
 * The releases in `<repoRoot>/releases/`, oldest first (the order releases/index.json keeps), except `except`: the
 * versions whose ids `derivedFrom` may name. None when there is no readable index. A release that cannot be read
 * (its files fail the index's checksums) is left out and passed to `skipped`, or thrown when there is none.
 */
export async function publishedReleases(
  repoRoot: string,
  options: { except?: string; skipped?: (version: string, error: unknown) => void } = {},
): Promise<Framework[]> {
  const releases = join(repoRoot, 'releases');
  let index: ReleaseIndex | undefined;
  try {
    index = JSON.parse(await readFile(join(releases, 'index.json'), 'utf8')) as ReleaseIndex;
  } catch {
    // No index, or one `ccf release` will refuse with its own error: nothing earlier to label lineage with.
    return [];
  }
  const out: Framework[] = [];
  for (const r of index?.releases ?? []) {
    if (r.version === options.except) continue;
    try {
      out.push((await loadFramework(releaseSource(join(releases, r.version), `@${r.version}`))).framework);
    } catch (error) {
      if (!options.skipped) throw error;
      options.skipped(r.version, error);
    }
  }
  return out;
}
