import type { Rule } from '../types.js';

export const idUnique: Rule = {
  id: 'id-unique',
  description: 'No two clusters or sub-clusters share an id.',
  defaultSeverity: 'error',
  check({ load, report }) {
    const seen = new Map<string, { file: string; line: number; column: number }>();
    for (const file of load.files) {
      if (file.kind === 'framework') continue;
      // The path gives the id; the frontmatter must agree (id-matches-filename).
      const id = file.kind === 'cluster' ? file.path.split('/')[1]! : file.path.split('/').pop()!.replace(/\.md$/, '');
      const place = file.positions['/id']?.value ?? file.frontmatterRange;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, { file: file.path, line: place.line, column: place.column });
        continue;
      }
      report({
        file: file.path,
        ...place,
        message: `Unexpected id \`${id}\` that \`${first.file}\` already uses, expected ids to be unique`,
        note: 'Ids are permanent and unique across the whole framework: give this node a new id.',
        related: [{ ...first, message: 'First used here' }],
      });
    }
  },
};
