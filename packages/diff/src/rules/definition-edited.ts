import type { ChangeRule } from '../types.js';

export const definitionEdited: ChangeRule = {
  id: 'definition-edited',
  kind: 'redefined',
  level: 'editorial',
  description: 'The definition (the Markdown body) reads differently once whitespace is normalized.',
  matches: () => true,
  message: (w, c) => [{ text: 'Definition of ' }, ...w.neu(c.toIds[0]!), { text: ' edited' }],
};
