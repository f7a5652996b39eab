import type { Rule } from '../types.js';

export const markdownTooComplex: Rule = {
  id: 'markdown-too-complex',
  description: 'The Markdown body stays within the parsing budget (size, nesting, emphasis runs).',
  defaultSeverity: 'error',
  check({ load, facts, report }) {
    for (const f of load.files) {
      if (!f.data) continue;
      // The budget is checked without parsing (markdownBudget, kept in the file's facts); a body that passes it
      // parses in bounded time.
      const over = facts(f).overBudget;
      if (!over) continue;
      report({
        file: f.path,
        line: over.line,
        column: over.column,
        endLine: over.line,
        endColumn: over.column + 1,
        message: `Unexpected Markdown that ccf will not parse: ${over.reason}, expected plain paragraphs`,
        note: 'A definition is a paragraph or two of text; remove the deep nesting or the long runs of markup.',
      });
    }
  },
};
