import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const naicsChanged: ChangeRule = {
  id: 'naics-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'Industries (`naics` sectors) linked to or unlinked from a sub-cluster.',
  matches: (d) => d.field === 'naics',
  message: fieldMessage,
};
