import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const crossCuttingChanged: ChangeRule = {
  id: 'cross-cutting-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'A cluster marked as cross-cutting, or no longer.',
  matches: (d) => d.field === 'crossCutting',
  message: fieldMessage,
};
