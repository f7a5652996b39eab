export type * from './types.js';
export { diffFrameworks } from './diff.js';
export { renderChangeSetMarkdown, type MarkdownOptions } from './render/markdown.js';
export { renderChangeSetHtml } from './render/html.js';
export { CROSSWALK_COLUMNS, renderCrosswalkCsv, toCrosswalkTable } from './render/csv.js';
export { renderCrosswalkSssom, toSssomMappingSet, type SssomMappingSet, type SssomMapping, type SssomOptions } from './render/sssom.js';
export { renderChangeSetJson } from './render/json.js';
export { renderWorklistCsv, toWorklist, toWorklistTable } from './render/worklist.js';
export {
  planRebase,
  PRIMARY_SHARE_THRESHOLD,
  REBASE_CONFLICTS,
  type RebaseConflict,
  type RebaseConflictKind,
  type RebaseEdit,
  type RebaseInput,
  type RebaseInputFile,
  type RebasePlan,
} from './rebase.js';
export { REBASE_WORKLIST_COLUMNS, renderRebaseMarkdown, renderRebaseWorklistCsv, summarizeRebase } from './render/rebase.js';
export {
  renderStateComparisonCsv,
  renderStateComparisonMarkdown,
  STATE_COMPARISON_COLUMNS,
  toStateComparison,
  type StateComparisonRow,
} from './state-compare.js';
export { renderCrosswalkSvg, type FlowSvgOptions } from './render/svg.js';
