import type { Rule } from '../types.js';
import { nodeFiles, pathId } from './util.js';

/** Fewer characters than this is not a definition. */
export const MIN_DEFINITION = 40;
/** More than this is an essay: a definition is read in a list. */
export const MAX_DEFINITION = 2000;

export const definitionRequired: Rule = {
  id: 'definition-required',
  description: `Every cluster and sub-cluster has a definition (the Markdown body) of ${MIN_DEFINITION} to ${MAX_DEFINITION} characters.`,
  defaultSeverity: 'error',
  check({ load, report }) {
    for (const f of nodeFiles(load.files)) {
      if (f.data.status === 'retired') continue;
      const text = f.body.trim();
      const line = f.bodyLine;
      if (text.length === 0) {
        report({
          file: f.path,
          line,
          column: 1,
          endLine: line,
          endColumn: 1,
          message: `Missing definition of \`${pathId(f)}\`, expected a paragraph after the frontmatter`,
          note: 'Write what the node covers in your own words, in a paragraph below the closing `---`.',
        });
        continue;
      }
      const length = [...text].length;
      if (length >= MIN_DEFINITION && length <= MAX_DEFINITION) continue;
      // Point at the first line of text.
      const lead = f.body.length - f.body.trimStart().length;
      const first = line + (f.body.slice(0, lead).match(/\n/g)?.length ?? 0);
      report({
        file: f.path,
        line: first,
        column: 1,
        endLine: first,
        endColumn: 2,
        message:
          length < MIN_DEFINITION
            ? `Unexpected definition of ${length} characters, expected at least ${MIN_DEFINITION}`
            : `Unexpected definition of ${length} characters, expected at most ${MAX_DEFINITION}`,
        note:
          length < MIN_DEFINITION
            ? 'Say what the node covers: the kind of work, the settings, how it differs from its siblings.'
            : 'A definition is read in lists and previews: keep it to a paragraph or two.',
      });
    }
  },
};
