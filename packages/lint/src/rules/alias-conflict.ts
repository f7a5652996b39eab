import type { ParsedFile } from '@ccf/core';
import type { Rule } from '../types.js';
import { lookalikeNote, nodeFiles, normalizeTitle, pathId, place, relatedAt, stringItems } from './util.js';

export const aliasConflict: Rule = {
  id: 'alias-conflict',
  description: "No alias equals another node's title: search by that name would find two nodes.",
  defaultSeverity: 'error',
  check({ load, report }) {
    const titles = new Map<string, { file: ParsedFile; id: string; title: string }>();
    const files = nodeFiles(load.files);
    for (const file of files) {
      const title = file.data.title;
      if (typeof title !== 'string') continue;
      const key = normalizeTitle(title);
      if (!titles.has(key)) titles.set(key, { file, id: pathId(file), title });
    }
    for (const file of files) {
      for (const [alias, i] of stringItems(file.data.aliases)) {
        const other = titles.get(normalizeTitle(alias));
        if (!other || other.file === file) continue;
        report({
          file: file.path,
          ...place(file, `/aliases/${i}`),
          message: `Unexpected alias \`${alias}\`, the title of \`${other.id}\`, expected an alias no other node is called`,
          note: [lookalikeNote(alias, other.title), 'Remove the alias, or if both files describe one node, merge them.']
            .filter(Boolean)
            .join(' '),
          // Positions are decoded only for a file that is reported.
          related: [relatedAt(other.file, place(other.file, '/title'), 'The title it clashes with')],
        });
      }
    }
  },
};
