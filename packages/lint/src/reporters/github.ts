import { countBySeverity, escapeInvisible, escapeMarkdown, markdownCode, type Diagnostic } from '@ccf/core';

const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * Escapes workflow-command data (the message): `%`, CR and LF as GitHub documents, and every other control or
 * bidi character shown escaped, since the Actions log renders ANSI escapes.
 */
function escapeData(s: string): string {
  return escapeInvisible(s, { keepLines: true }).replace(/\t/g, '\\x09').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (file, title). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one annotation per problem (`::error file=…,line=…::message`). */
export function formatGithub(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine !== undefined ? [`endLine=${d.endLine}`] : []),
        ...(d.endColumn !== undefined && (d.endLine ?? d.line) === d.line ? [`endColumn=${d.endColumn}`] : []),
        `title=${escapeProperty(`ccf ${d.ruleId}`)}`,
      ].join(',');
      return `::${command[d.severity]} ${props}::${escapeData(d.note ? `${d.message}\n${d.note}` : d.message)}\n`;
    })
    .join('');
}

/**
 * A Markdown summary for `$GITHUB_STEP_SUMMARY`: GitHub shows at most 10 error and 10 warning
 * annotations per step, so the table lists every problem.
 */
export function githubSummary(diagnostics: Diagnostic[]): string {
  const counts = countBySeverity(diagnostics);
  const head = `## ccf lint\n\n${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info\n`;
  if (diagnostics.length === 0) return `${head}\nNo problems found.\n`;
  const rows = diagnostics.map(
    (d) =>
      `| ${d.severity} | ${markdownCode(`${d.file}:${d.line}:${d.column}`, { table: true })} | ${escapeMarkdown(d.message)}${d.note ? ` — hint: ${escapeMarkdown(d.note)}` : ''} | ${d.url ? `[${escapeMarkdown(d.ruleId)}](${d.url})` : escapeMarkdown(d.ruleId)} |`,
  );
  const more =
    counts.error > 10 || counts.warning > 10
      ? '\nGitHub shows only the first 10 errors and 10 warnings as annotations; this table lists them all.\n'
      : '';
  return `${head}${more}\n| severity | place | problem | rule |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}
