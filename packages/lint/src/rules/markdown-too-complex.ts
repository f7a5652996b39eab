import type { Rule } from '../types.js';

export const markdownTooComplex: Rule = {
  id: 'markdown-too-complex',
  description: 'The Markdown body stays within the parsing budget (size, nesting, emphasis runs).',
  defaultSeverity: 'error',
  check({ load, markdown, report }) {
    for (const f of load.files) {
      if (!f.data) continue;
      const result = markdown(f);
      if (result.ok) continue;
      const line = result.line ?? f.bodyLine;
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
