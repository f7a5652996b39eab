import type { ChangeRule } from '../types.js';
import { fieldMessage } from './field.js';

export const codeChanged: ChangeRule = {
  id: 'code-changed',
  kind: 'field-changed',
  level: 'notable',
  description: 'A code in another scheme (`codes.<scheme>`, e.g. the O*NET cluster code) set, changed or removed.',
  matches: (d) => d.field?.startsWith('codes.') === true,
  message: fieldMessage,
};
