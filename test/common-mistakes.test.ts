/**
 * docs/common-mistakes.md, the editors' page, is written from the mistake catalogue in @ccf/core: each entry's
 * example, what `ccf lint` says about it (taken from a real parse, so the page cannot drift from the messages)
 * and the fix. `UPDATE_GOLDEN=1` rewrites the page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mistakes, type Mistake } from '@ccf/core';
import { parseFile } from '@ccf/core/node';
import { expect, it } from 'vitest';

const page = new URL('../docs/common-mistakes.md', import.meta.url);
const PATH = 'content/clusters/finance/accounting.md';
const file = (frontmatter: string): string =>
  `---\n${frontmatter}---\n\nCareers in keeping and checking the financial records of people and organizations.\n`;

/** A fenced block that no backtick run inside can close. */
function fence(lang: string, text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

/** Shows characters an editor cannot see (tab, non-breaking space) in the example. */
function visible(text: string): string {
  return text.replace(/\t/g, '→   ').replace(/\u00a0/g, '⍽');
}

function entry(m: Mistake): string {
  const said = parseFile(PATH, file(m.example), 'subcluster').diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.ruleId}${d.note ? `\n  hint: ${d.note}` : ''}`,
  );
  return [
    `## ${m.title}`,
    '',
    `<a id="${m.id}"></a>You wrote:`,
    '',
    fence('yaml', visible(`---\n${m.example}---\n`)),
    '',
    '`ccf lint` says:',
    '',
    fence('console', said.join('\n')),
    '',
    'Type instead:',
    '',
    fence('yaml', `---\n${m.fixed}---\n`),
  ].join('\n');
}

function render(): string {
  return `# Common mistakes in frontmatter

The fields at the top of each content file, between the two \`---\` lines, are YAML. YAML is strict about a few
characters that look harmless: a colon, a \`#\`, quotes, spaces at the start of a line. These are the mistakes
editors make most often, each with what \`ccf lint\` (and \`npm start\`, and the pull request) tells you and what to
type instead. Every message points at the line and column of the mistake, never the line above.

In the examples a tab is shown as \`→   \` and a non-breaking space as \`⍽\`: both look like spaces in an editor.

A file saved by a Windows editor with a byte order mark, or with Windows line endings, is read as meant: nothing to
fix.

${mistakes.map(entry).join('\n\n')}

This page is written from the catalogue in \`packages/core/src/mistakes.ts\`; \`test/common-mistakes.test.ts\` checks
it, and \`packages/core/src/mistakes.test.ts\` checks each example and its fix.
`;
}

it('docs/common-mistakes.md shows every catalogue entry with the message ccf prints for it', () => {
  const text = render();
  if (process.env.UPDATE_GOLDEN) writeFileSync(page, text);
  expect(text).toBe(readFileSync(page, 'utf8'));
  for (const m of mistakes) expect(text).toContain(`<a id="${m.id}"></a>`);
});
