import type { ParsedFile } from '@ccf/core';
import type { Rule } from '../types.js';
import { folderOf, nodeFiles, place, relatedAt } from './util.js';

export const orderUnique: Rule = {
  id: 'order-unique',
  description: 'Siblings (all clusters; the sub-clusters of one cluster) have distinct `order` values.',
  defaultSeverity: 'error',
  check({ load, report }) {
    const seen = new Map<string, ParsedFile>();
    for (const file of nodeFiles(load.files)) {
      const order = file.data.order;
      if (typeof order !== 'number') continue;
      const key = `${file.kind === 'cluster' ? '' : folderOf(file)}\0${order}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, file);
        continue;
      }
      // Positions are decoded only for a file that is reported.
      const range = place(file, '/order');
      report({
        file: file.path,
        ...range,
        message: `Unexpected \`order: ${order}\` that \`${first.path}\` already has, expected each sibling to have its own position`,
        note: 'Number siblings 1, 2, 3… in the order the steward lists them.',
        related: [relatedAt(first, place(first, '/order'), 'Same order here')],
      });
    }
  },
};
