import type { ChangeRule } from '../types.js';

export const definitionRescoped: ChangeRule = {
  id: 'definition-rescoped',
  kind: 'redefined',
  level: 'notable',
  description:
    'A definition rewritten so that its scope changes: it keeps less than half its wording, or the editor says so (`changeSignificance: scope`).',
  matches: (d) => d.significance === 'scope',
  message: (w, c) => [
    { text: 'Scope of ' },
    ...w.neu(c.toIds[0]!),
    { text: ` changed: its definition was rewritten${c.significanceSource === 'editor' ? ' (the editor says the scope changed)' : ''}` },
  ],
};
