import { words } from './message.js';
import { changeRule, ruleFor } from './rules/index.js';
import type { Change, ChangeKind, ChangeSet, ChangeSeverity, Sentence } from './types.js';

export { fieldLabel } from './message.js';
export type { Sentence } from './types.js';

export const KIND_LABEL: Record<ChangeKind, string> = {
  removed: 'Removed',
  retired: 'Retired',
  merged: 'Merged',
  split: 'Split',
  moved: 'Moved',
  added: 'Added',
  renamed: 'Renamed',
  'field-changed': 'Field changed',
  redefined: 'Definition edited',
};

export const SEVERITY_LABEL: Record<ChangeSeverity, string> = {
  breaking: 'Breaking',
  notable: 'Notable',
  editorial: 'Editorial',
};

export const SEVERITY_HELP: Record<ChangeSeverity, string> = {
  breaking: 'ids that consumers store stop working or change meaning',
  notable: 'new nodes, new names or new links; existing ids still work',
  editorial: 'wording and spelling; nothing a system needs to change',
};

export const BUMP_HELP: Record<ChangeSet['bump'], string> = {
  major: 'a **major** release (breaking changes: systems that store these ids need a crosswalk)',
  minor: 'a **minor** release (additions and renames; existing ids keep working)',
  patch: 'a **patch** release (wording only)',
  none: 'no release (nothing in the framework changed)',
};

/** One sentence saying what a change is, as parts a renderer escapes its own way: its change rule's message. */
export function sentence(cs: ChangeSet, c: Change): Sentence['parts'] {
  // A change set read back from JSON written before changes carried a rule is classified again.
  const rule = changeRule(c.rule) ?? ruleFor(c);
  return rule.message(words(cs, c), c);
}

/** A list member (a SOC link, a CIP code, an alias) as text. */
export function member(m: unknown): string {
  if (m && typeof m === 'object' && 'code' in m) {
    const s = m as { code: string; title?: string };
    return s.title ? `${s.code} ${s.title}` : s.code;
  }
  return String(m);
}
