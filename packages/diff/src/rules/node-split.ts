import { percent } from '../message.js';
import type { ChangeRule } from '../types.js';

export const nodeSplit: ChangeRule = {
  id: 'node-split',
  kind: 'split',
  level: 'breaking',
  description: 'An old node continued by several new nodes (each names it in `derivedFrom`), none of them a merge of most of it.',
  matches: () => true,
  message: (w, c) => {
    const rows = w.rowsFrom(c.fromIds[0]!);
    const share = (id: string): string => percent(rows.find((r) => r.toId === id)?.share);
    return [
      ...w.old(c.fromIds[0]!),
      { text: ' is split into ' },
      ...w.list(c.toIds, (id) => [...w.neu(id), ...(share(id) ? [{ text: ` ${share(id)}` }] : [])]),
    ];
  },
};
