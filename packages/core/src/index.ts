// The runtime-neutral entry: the model, ids, paths, versions and refs, and pure parsing. Nothing here imports a
// `node:` module (test/neutral.test.ts bundles it for a neutral platform), so an edge runtime or a browser can
// use it. Reading files, git, caches and worker threads live in `@ccf/core/node`.
export type * from './types.js';
export type * from './generated/frontmatter.js';
export type {
  Manifest,
  ManifestFile,
  PublishedCluster,
  PublishedFramework,
  PublishedNodeProperties,
  PublishedSource,
  PublishedOverlay,
  PublishedProgram,
  PublishedSubcluster,
  PublishedText,
  ReleaseIndex,
  ReleaseIndexEntry,
  Versions,
  VersionsEntry,
} from './generated/published.js';
export type { FileSource, ListOptions, LoadResult, ModelSource, ParseCache, Source, SourceEntry } from './sources/types.js';
export { cmp, LineIndex } from './text.js';
export { splitFrontmatter } from './frontmatter.js';
export { kindOf } from './layout.js';
export { YAML_READ_OPTIONS } from './yaml-options.js';
export { mistakes, type Mistake, type MistakeVars } from './mistakes.js';
export { assemble } from './assemble.js';
export { htmlLikeOffset, markdownBudget, parseMarkdown, plainText, unsafeUrlScheme, type MarkdownResult } from './markdown.js';
export { markdownFacts, type FactsLevel, type MarkdownFactNode, type MarkdownFacts } from './facts.js';
export {
  assembleOverlay,
  cipProblem,
  OVERLAY_RULES,
  overlayKindOf,
  placeIn,
  resolveOverlay,
  stateNamespace,
  type OverlayFiles,
  type OverlayRuleId,
  type ResolvedOverlay,
} from './overlay.js';
export { allNodes, allSubclusters, countBySeverity, ID_PATTERN, nodeFields, type NodeFields } from './model.js';
export { CcfError, SourceError, type CcfErrorOptions, type SourceErrorCode } from './errors.js';
export { codePointName, escapeInvisible, escapeMarkdown, INVISIBLE, markdownCode } from './escape.js';
export { compareVersions, isVersion, VERSION_PATTERN } from './version.js';
export { refProblem } from './ref.js';
export {
  baseUrlProblem,
  CASE_API_PATH,
  CASE_COLLECTIONS,
  caseUrl,
  DEFAULT_BASE_URL,
  matchSiteUrl,
  normalizeBaseUrl,
  ruleDocsUrl,
  schemaUrl,
  servedSchema,
  siteBaseUrl,
  siteRoutes,
  type CaseCollection,
  type SiteRoute,
} from './urls.js';
