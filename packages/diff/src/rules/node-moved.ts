import type { ChangeRule } from '../types.js';

export const nodeMoved: ChangeRule = {
  id: 'node-moved',
  kind: 'moved',
  level: 'breaking',
  description: 'A sub-cluster under another cluster, where the new cluster does not continue the old one.',
  matches: (d) => d.field === 'parent',
  message: (w, c) => [
    ...w.neu(c.toIds[0]!),
    { text: ' moved from ' },
    { name: w.fromTitle(c.before) },
    { text: ' to ' },
    { name: w.toTitle(c.after) },
  ],
};
