import type { ChangeRule } from '../types.js';
import { renamedMessage, sameWords } from './title.js';

export const nodeRenamed: ChangeRule = {
  id: 'node-renamed',
  kind: 'renamed',
  level: 'notable',
  description: 'A new title with other words; the id stays, so systems keep working but show a new name.',
  matches: (d) => d.field === 'title' && !sameWords(d),
  message: renamedMessage,
};
