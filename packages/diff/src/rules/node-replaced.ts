import type { ChangeRule } from '../types.js';

export const nodeReplaced: ChangeRule = {
  id: 'node-replaced',
  kind: 'renamed',
  level: 'breaking',
  description: 'A node continued one to one by a node with another id: the old id stops working.',
  matches: (d) => d.field === 'id',
  message: (w, c) => [...w.old(c.fromIds[0]!), { text: ' is replaced by ' }, ...w.neu(c.toIds[0]!), { text: ' (new id)' }],
};
