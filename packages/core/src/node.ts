// The Node entry: everything that reads the disk or git, hashes with node:crypto, or starts worker threads.
// Pure helpers and types come from `@ccf/core`.
export { sha256 } from './hash.js';
export { parseFile } from './parse.js';
export { readSchema, schemasDir, SCHEMA_FILES } from './schema.js';
export { loadFramework, loadFrameworkPair, type LoadOptions, type LoadPairResult } from './load.js';
export {
  CacheError,
  diskCache,
  encodeParsed,
  machineSecret,
  memoryCache,
  parseSalt,
  repositoryCacheDir,
  type DiskCache,
  type DiskCacheOptions,
} from './cache.js';
export { alive, removeLeftovers, syncDir, temporaryName, writeFileAtomic, type WriteFileOptions } from './write.js';
export { directorySource, type DirectoryOptions } from './sources/directory.js';
export { openSource, type OpenOptions } from './sources/open.js';
// Neutral (from `@ccf/core` too); here as well so code that opens a source finds the error it throws beside it.
export { SourceError } from './errors.js';
export { gitSource, type GitSourceOptions } from './sources/git.js';
export {
  MAX_RELEASE_FILE_BYTES,
  readReleaseManifest,
  releaseSource,
  type ReleaseManifestEntry,
  type ReleaseSourceOptions,
} from './sources/release.js';
export { baseSource, isOverlayFolder, loadOverlay, overlaySource, type OverlayLoadResult, type OverlayOptions } from './overlay-load.js';
export { readFileBounded } from './sources/read.js';
export { publishedReleases } from './sources/releases.js';
export { watchFolder, type FolderEvent, type FolderWatch, type WatchFolderOptions } from './watch.js';
