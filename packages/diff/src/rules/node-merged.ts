import type { ChangeRule } from '../types.js';

export const nodeMerged: ChangeRule = {
  id: 'node-merged',
  kind: 'merged',
  level: 'breaking',
  description: 'Several old nodes continued by one new node (it names them all in `derivedFrom`).',
  matches: () => true,
  message: (w, c) => [...w.list(c.fromIds, w.old), { text: ' are merged into ' }, ...w.neu(c.toIds[0]!)],
};
