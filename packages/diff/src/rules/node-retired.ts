import type { ChangeRule } from '../types.js';

export const nodeRetired: ChangeRule = {
  id: 'node-retired',
  kind: 'retired',
  level: 'breaking',
  description: 'A node gone on purpose: listed in framework.md `retired` or kept with `status: retired`, with the reason.',
  matches: () => true,
  message: (w, c) => [{ text: `${w.level} retired: ` }, ...w.old(c.fromIds[0]!), ...(c.reason ? [{ text: ` — ${c.reason}` }] : [])],
};
