import { countBySeverity, escapeInvisible as show, type Diagnostic } from '@ccf/core';

/**
 * One line per problem: `file:line:column  severity  message  rule-id`, then a count. File names and messages
 * carry text from content: control and bidi characters are shown escaped, so one problem stays one line.
 */
export function formatCompact(diagnostics: Diagnostic[]): string {
  const lines = diagnostics.map((d) => `${show(d.file)}:${d.line}:${d.column}  ${d.severity}  ${show(d.message)}  ${show(d.ruleId)}`);
  const { error: errors, warning: warnings } = countBySeverity(diagnostics);
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
