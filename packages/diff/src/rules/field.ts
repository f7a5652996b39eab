import { fieldLabel } from '../message.js';
import type { Change, Parts, Words } from '../types.js';

/** The message of every field rule: `Occupations (SOC) of Title (id) changed`. */
export const fieldMessage = (w: Words, c: Change): Parts => [
  { text: `${fieldLabel(c.field)} of ` },
  ...w.neu(c.toIds[0]!),
  { text: ' changed' },
];
