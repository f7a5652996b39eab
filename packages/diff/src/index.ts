export type * from './types.js';
export { CHANGE_KINDS, SEVERITIES } from './types.js';
export { diffFrameworks } from './diff.js';
export { wordDiff } from './text.js';
export { renderMarkdown, escapeMd, type MarkdownOptions } from './render/markdown.js';
export { renderHtml, escapeHtml } from './render/html.js';
export { crosswalkToCsv, csvField, CROSSWALK_COLUMNS } from './render/csv.js';
export { crosswalkToSssom, crosswalkToSssomJson, type SssomMappingSet, type SssomMapping, type SssomOptions } from './render/sssom.js';
export { toJson } from './render/json.js';
