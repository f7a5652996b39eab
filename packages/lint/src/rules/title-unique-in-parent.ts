import type { ParsedFile } from '@ccf/core';
import type { Rule } from '../types.js';
import { folderOf, lookalikeNote, nodeFiles, normalizeTitle, place, relatedAt } from './util.js';

export const titleUniqueInParent: Rule = {
  id: 'title-unique-in-parent',
  description: 'No two clusters, and no two sub-clusters of one cluster, share a title.',
  defaultSeverity: 'error',
  check({ load, report }) {
    const seen = new Map<string, { file: ParsedFile; title: string }>();
    for (const file of nodeFiles(load.files)) {
      const title = file.data.title;
      if (typeof title !== 'string') continue;
      const scope = file.kind === 'cluster' ? '' : folderOf(file);
      const key = `${scope}\0${normalizeTitle(title)}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { file, title });
        continue;
      }
      // Positions are decoded only here, for a file that is reported.
      const range = place(file, '/title');
      const lookalike = lookalikeNote(title, first.title);
      report({
        file: file.path,
        ...range,
        message: `Unexpected title \`${title}\` that \`${first.file.path}\` already has${lookalike ? ` (\`${first.title}\`)` : ''}, expected ${file.kind === 'cluster' ? 'each cluster' : 'each sub-cluster of a cluster'} to have its own title`,
        note: `${lookalike ? `${lookalike} ` : ''}Two nodes with one name confuse every reader. If they are the same node, keep one file; if not, name them apart.`,
        related: [relatedAt(first.file, place(first.file, '/title'), 'Same title here')],
      });
    }
  },
};
