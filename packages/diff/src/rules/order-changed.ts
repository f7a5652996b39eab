import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const orderChanged: ChangeRule = {
  id: 'order-changed',
  kind: 'field-changed',
  level: 'editorial',
  description: 'A node that keeps its id is listed at another position among its siblings.',
  matches: (d) => d.field === 'order',
  message: fieldMessage,
};
