import type { ChangeRule } from '../types.js';

export const definitionEdited: ChangeRule = {
  id: 'definition-edited',
  kind: 'redefined',
  level: 'editorial',
  description: 'The definition reads differently in other words: at least half its wording is kept, or the editor says so.',
  // A change set read back from JSON written before definitions had a significance counts as wording.
  matches: (d) => d.significance !== 'scope',
  message: (w, c) => [{ text: 'Definition of ' }, ...w.neu(c.toIds[0]!), { text: ' edited' }],
};
