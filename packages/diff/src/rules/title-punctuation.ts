import type { ChangeRule } from '../types.js';
import { renamedMessage, sameWords } from './title.js';

export const titlePunctuation: ChangeRule = {
  id: 'title-punctuation',
  kind: 'renamed',
  level: 'editorial',
  description: 'A title that differs only in `&`/`and`, case, spacing or punctuation.',
  matches: (d) => d.field === 'title' && sameWords(d),
  message: renamedMessage,
};
