import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const cipChanged: ChangeRule = {
  id: 'cip-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'Programs (`cip` codes) linked to or unlinked from a sub-cluster.',
  matches: (d) => d.field === 'cip',
  message: fieldMessage,
};
