export { createApp, MAX_URL, type AppOptions } from './app.js';
export type { DiffResult, OpenResult, Release, ReleaseFile, Snapshot, SpecProblem, Store } from './store.js';
export { etagOf, gzip, IMMUTABLE, matches, type Doc } from './doc.js';
export { markdownText, renderMarkdownToHtml } from './markdown.js';
export { buildIndex, normalize, type SearchHit, type SearchIndex } from './search.js';
export { checkSpec } from './spec.js';
export { openApiDocument } from './openapi.js';
export { sitePaths } from './site.js';
