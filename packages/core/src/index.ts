export type * from './types.js';
export type * from './generated/frontmatter.js';
export type {
  Manifest,
  ManifestFile,
  PublishedCluster,
  PublishedFramework,
  PublishedNodeProperties,
  PublishedSource,
  PublishedSubcluster,
  PublishedText,
  ReleaseIndex,
  ReleaseIndexEntry,
} from './generated/published.js';
export type { FileSource, ListOptions, LoadResult, ModelSource, ParseCache, Source, SourceEntry } from './sources/types.js';
export { LineIndex } from './text.js';
export { splitFrontmatter } from './frontmatter.js';
export { idFromPath, kindOf, MAX_ALIAS_COUNT, MAX_FILE_BYTES, parseFile, sha256 } from './parse.js';
export { readSchema, schemasDir, validateFrontmatter } from './schema.js';
export { assemble, loadFramework, type LoadOptions } from './load.js';
export {
  CacheError,
  decodeParsed,
  diskCache,
  encodeParsed,
  machineSecret,
  memoryCache,
  parseSalt,
  repositoryCacheDir,
  type DiskCache,
  type DiskCacheOptions,
} from './cache.js';
export { parseMany, PARALLEL_THRESHOLD } from './workers.js';
export { cmp, directorySource, type DirectoryOptions } from './sources/directory.js';
export {
  htmlLikeOffset,
  markdownBudget,
  MAX_MARKDOWN_CHARS,
  parseMarkdown,
  plainText,
  SAFE_URL_SCHEMES,
  unsafeUrlScheme,
  type MarkdownResult,
} from './markdown.js';
export { allNodes, allSubclusters, clusterOf, ID_PATTERN, nodeFields, type NodeFields } from './model.js';
export { CcfError, SourceError, type CcfErrorOptions, type SourceErrorCode } from './errors.js';
export { openSource, type OpenOptions } from './sources/open.js';
export { gitSource, type GitSourceOptions } from './sources/git.js';
export { readReleaseManifest, releaseSource, type ReleaseManifestEntry } from './sources/release.js';
export { watchFolder, type FolderEvent, type FolderWatch, type WatchFolderOptions } from './watch.js';
export { codePointName, escapeInvisible, escapeMarkdown, firstInvisible, INVISIBLE, markdownCode } from './escape.js';
