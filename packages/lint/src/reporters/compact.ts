import { countBySeverity, escapeInvisible as show, type Diagnostic } from '@ccf/core';

/**
 * One line per problem: `file:line:column  severity  message  rule-id`, then its hint (what to type instead) on
 * an indented `hint:` line, then a count. File names and messages carry text from content: control and bidi
 * characters are shown escaped, so one problem stays one line and a hint cannot pass for a problem.
 */
export function formatCompact(diagnostics: Diagnostic[], hiddenWarnings?: number): string {
  const lines = diagnostics.flatMap((d) => [
    `${show(d.file)}:${d.line}:${d.column}  ${d.severity}  ${show(d.message)}  ${show(d.ruleId)}`,
    ...(d.note ? [`  hint: ${show(d.note, { keepLines: true }).replace(/\r/g, '\\r').replace(/\n/g, '\n        ')}`] : []),
  ]);
  const { error: errors, warning: warnings } = countBySeverity(diagnostics);
  // With warnings hidden (`--quiet`), "0 warnings" would be false: say how many there are instead.
  lines.push(
    hiddenWarnings === undefined
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
      : `${plural(errors, 'error')} (${plural(hiddenWarnings, 'warning')} hidden)`,
  );
  return lines.join('\n') + '\n';
}

/** `1 error`, `2 errors`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
