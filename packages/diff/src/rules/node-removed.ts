import type { ChangeRule } from '../types.js';

export const nodeRemoved: ChangeRule = {
  id: 'node-removed',
  kind: 'removed',
  level: 'breaking',
  description: 'A node gone with no successor and no reason: no node continues it, and framework.md does not retire it.',
  matches: () => true,
  message: (w, c) => [{ text: `${w.level} removed with no successor: ` }, ...w.old(c.fromIds[0]!)],
};
