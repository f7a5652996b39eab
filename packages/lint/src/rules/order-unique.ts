import type { ParsedFile } from '@ccf/core';
import type { Rule } from '../types.js';
import { folderOf, nodeFiles, place, relatedAt } from './util.js';

export const orderUnique: Rule = {
  id: 'order-unique',
  description: 'Siblings (all clusters; the sub-clusters of one cluster) have distinct `order` values.',
  defaultSeverity: 'error',
  check({ load, report, changed }) {
    const groups = new Map<string, ParsedFile[]>();
    for (const file of nodeFiles(load.files)) {
      const order = file.data.order;
      if (typeof order !== 'number') continue;
      const key = `${file.kind === 'cluster' ? '' : folderOf(file)}\0${order}`;
      const group = groups.get(key);
      if (group) group.push(file);
      else groups.set(key, [file]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // The clash is blamed on the file the editor touched: the sibling that kept its number is the one that holds it.
      // Without git (or when every file, or none, changed) the first by path holds it: a choice that does not
      // depend on the order files were read in.
      const holder = group.find((f) => changed && !changed.has(f.path)) ?? group[0]!;
      // Positions are decoded only for files that are reported (and the one they clash with).
      const held = place(holder, '/order');
      for (const file of group) {
        if (file === holder) continue;
        const order = file.data!.order as number;
        report({
          file: file.path,
          ...place(file, '/order'),
          message: `Unexpected \`order: ${order}\`, already used by \`${holder.path}:${held.line}\`, expected each sibling to have its own position`,
          note: 'Number siblings 1, 2, 3… in the order the steward lists them.',
          related: [relatedAt(holder, held, 'Same order here')],
        });
      }
    }
  },
};
