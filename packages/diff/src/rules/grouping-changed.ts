import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const groupingChanged: ChangeRule = {
  id: 'grouping-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'The grouping a cluster is listed under changed.',
  matches: (d) => d.field === 'grouping',
  message: fieldMessage,
};
