import type { ParsedFile } from '@ccf/core';
import type { Rule } from '../types.js';

export const idUnique: Rule = {
  id: 'id-unique',
  description: 'No two clusters or sub-clusters share an id.',
  defaultSeverity: 'error',
  check({ load, report }) {
    // Files by id, their positions decoded only for a duplicate (positions are read only to report).
    const seen = new Map<string, ParsedFile>();
    const placeOf = (file: ParsedFile) => file.positions['/id']?.value ?? file.frontmatterRange;
    for (const file of load.files) {
      if (file.kind === 'framework') continue;
      // The path gives the id; the frontmatter must agree (id-matches-filename).
      const id = file.kind === 'cluster' ? file.path.split('/')[1]! : file.path.split('/').pop()!.replace(/\.md$/, '');
      const firstFile = seen.get(id);
      if (!firstFile) {
        seen.set(id, file);
        continue;
      }
      const place = placeOf(file);
      const firstPlace = placeOf(firstFile);
      const first = { file: firstFile.path, line: firstPlace.line, column: firstPlace.column };
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
