import type { Diagnostic } from '@ccf/core';

/** One line per problem: `file:line:column  severity  message  rule-id`, then a count. */
export function formatCompact(diagnostics: Diagnostic[]): string {
  const lines = diagnostics.map((d) => `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.ruleId}`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
