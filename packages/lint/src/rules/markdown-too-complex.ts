import { markdownBudget } from '@ccf/core';
import type { Rule } from '../types.js';

export const markdownTooComplex: Rule = {
  id: 'markdown-too-complex',
  description: 'The Markdown body stays within the parsing budget (size, nesting, emphasis runs).',
  defaultSeverity: 'error',
  check({ load, report }) {
    for (const f of load.files) {
      if (!f.data) continue;
      // The budget is checked without parsing; a body that passes it parses in bounded time.
      const result = markdownBudget(f.body);
      if (!result) continue;
      const line = f.bodyLine - 1 + (result.line ?? 1);
      const column = result.column ?? 1;
      report({
        file: f.path,
        line,
        column,
        endLine: line,
        endColumn: column + 1,
        message: `Unexpected Markdown that ccf will not parse: ${result.reason}, expected plain paragraphs`,
        note: 'A definition is a paragraph or two of text; remove the deep nesting or the long runs of markup.',
      });
    }
  },
};
