import type { ChangeRule } from '../types.js';

export const nodeSplit: ChangeRule = {
  id: 'node-split',
  kind: 'split',
  level: 'breaking',
  description: 'An old node continued by several new nodes (each names it in `derivedFrom`).',
  matches: () => true,
  message: (w, c) => [...w.old(c.fromIds[0]!), { text: ' is split into ' }, ...w.list(c.toIds, w.neu)],
};
