export type { Rule, RuleContext } from './types.js';
export { lint, sortDiagnostics, type LintOptions } from './lint.js';
export { rules } from './rules/index.js';
export { formatCompact } from './reporters/compact.js';
