import type { ChangeRule } from '../types.js';

export const nodeAdded: ChangeRule = {
  id: 'node-added',
  kind: 'added',
  level: 'notable',
  description: 'A node with no predecessor: a new id, not continuing any node of the old version.',
  matches: () => true,
  message: (w, c) => [{ text: `New ${w.level}: ` }, ...w.neu(c.toIds[0]!)],
};
