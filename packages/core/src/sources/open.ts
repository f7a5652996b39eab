import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { SourceError } from '../errors.js';
import { isVersion } from '../version.js';
import { isOverlayFolder, overlaySource } from '../overlay-load.js';
import { directorySource } from './directory.js';
import { gitSource } from './git.js';
import { releaseSource } from './release.js';
import type { Source } from './types.js';

export interface OpenOptions {
  /** The repository root: holds `content/`, `releases/` and `.git`. */
  repoRoot: string;
  /** Folder inside the repository (and inside a git tree) that holds the content. Default `content`. */
  contentDir?: string;
  /** Where relative paths are resolved from. Default: repoRoot. */
  cwd?: string;
  /** Where an overlay's `extends: "@x.y.z"` finds releases (default `<repoRoot>/releases`). */
  releasesDir?: string;
}

/**
 * Opens what a user names: `@1.0.0` (a release folder), a content folder path, or a git ref
 * (branch, tag, SHA, `HEAD~1`). Validates before anything reaches git.
 */
export function openSource(spec: string, options: OpenOptions): Source {
  const contentDir = options.contentDir ?? 'content';
  if (spec.trim() === '') throw new SourceError('SOURCE_EMPTY', 'Unexpected empty version, expected a folder, a git ref or `@<version>`');
  if (spec.startsWith('@')) {
    const version = spec.slice(1);
    if (!isVersion(version))
      throw new SourceError('SOURCE_BAD_NAME', `Unexpected release \`${spec}\`, expected \`@\` and a version such as \`@1.0.0\``);
    return releaseSource(join(options.repoRoot, 'releases', version), spec);
  }
  const abs = isAbsolute(spec) ? spec : resolve(options.cwd ?? options.repoRoot, spec);
  if (isDirectory(abs)) {
    // A repository (or any folder) holding the content folder means that content folder.
    const inner = join(abs, contentDir);
    if (!existsSync(join(abs, 'framework.md')) && isDirectory(inner)) return directorySource(inner, spec);
    // A state overlay reads as the state's effective framework, resolved against the base it extends.
    if (isOverlayFolder(abs))
      return overlaySource(abs, spec, { repoRoot: options.repoRoot, ...(options.releasesDir ? { releasesDir: options.releasesDir } : {}) });
    return directorySource(abs, spec);
  }
  return gitSource({ repo: options.repoRoot, ref: spec, contentDir });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
