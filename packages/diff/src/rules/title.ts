import { titleKey } from '../text.js';
import type { Change, Difference, Parts, Words } from '../types.js';

/** Whether a title change keeps the same words: only `&`/`and`, case, spacing or punctuation differ. */
export const sameWords = (d: Difference): boolean => titleKey(String(d.before)) === titleKey(String(d.after));

/** The message of both title rules: `Career Pathway renamed: Old → New (id)`. */
export const renamedMessage = (w: Words, c: Change): Parts => [
  { text: `${w.level} renamed: ` },
  { name: String(c.before) },
  { text: ' → ' },
  { name: String(c.after) },
  { text: ' (' },
  { code: c.toIds[0]! },
  { text: ')' },
];
