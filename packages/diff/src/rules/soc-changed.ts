import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const socChanged: ChangeRule = {
  id: 'soc-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'Occupations (`soc` codes) linked to or unlinked from a sub-cluster.',
  matches: (d) => d.field === 'soc',
  message: fieldMessage,
};
