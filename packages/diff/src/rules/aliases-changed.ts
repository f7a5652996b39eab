import type { ChangeRule } from '../types.js';

export const aliasesChanged: ChangeRule = {
  id: 'aliases-changed',
  kind: 'renamed',
  level: 'editorial',
  description: 'Other spellings of a node (`aliases`) added or removed.',
  matches: (d) => d.field === 'aliases',
  message: (w, c) => [{ text: 'Other spellings of ' }, ...w.neu(c.toIds[0]!), { text: ' changed' }],
};
