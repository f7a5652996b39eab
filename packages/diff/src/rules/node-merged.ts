import { percent } from '../message.js';
import type { ChangeRule, Parts, Words } from '../types.js';

/** `Title (id)`, with `(86%; the rest to …)` when only part of the old node is merged here. */
function mergedPart(w: Words, from: string, into: string): Parts {
  const rows = w.rowsFrom(from);
  const here = rows.find((r) => r.toId === into);
  if (!here?.partial) return w.old(from);
  const rest = rows.filter((r) => r.toId !== into).map((r) => r.toId!);
  return [...w.old(from), { text: ` (${percent(here.share)}; the rest to ` }, ...w.list(rest, w.neu), { text: ')' }];
}

export const nodeMerged: ChangeRule = {
  id: 'node-merged',
  kind: 'merged',
  level: 'breaking',
  description: 'Several old nodes continued, each wholly or mostly, by one new node (it names them all in `derivedFrom`).',
  matches: () => true,
  message: (w, c) => [...w.list(c.fromIds, (id) => mergedPart(w, id, c.toIds[0]!)), { text: ' are merged into ' }, ...w.neu(c.toIds[0]!)],
};
