import type { Diagnostic } from '@ccf/core';
import type { Change, ChangeKind, ChangeSeverity, CrosswalkRow, VersionInfo } from './generated/changeset.js';

// The change set's shape is schemas/changeset.schema.json; its types are generated from it.
export type {
  Bump,
  Cardinality,
  Change,
  ChangeKind,
  ChangeSet,
  ChangeSetWarning,
  ChangeSeverity,
  CrosswalkRow,
  Relation,
  Skos,
  VersionInfo,
  WordDiffPart,
} from './generated/changeset.js';

/** What a crosswalk row's `share` counts. */
export type ShareBasis = NonNullable<CrosswalkRow['shareBasis']>;
/** Whether a definition change is a wording edit or changes what the node covers. */
export type Significance = NonNullable<Change['significance']>;

/** Every kind, in the order reports list them. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'removed',
  'retired',
  'merged',
  'split',
  'moved',
  'added',
  'renamed',
  'field-changed',
  'redefined',
] as const;
export const SEVERITIES: readonly ChangeSeverity[] = ['breaking', 'notable', 'editorial'] as const;

/** A structural difference between two versions: a change before any rule gives it an id and a level. */
export type Difference = Omit<Change, 'severity' | 'rule'>;

/** What two versions differ in, with no policy applied: the input of the change rules. */
export interface Comparison {
  from: VersionInfo;
  to: VersionInfo;
  /** In report order within a level: by kind, then by the node's place in the new version. */
  differences: Difference[];
  crosswalk: CrosswalkRow[];
  warnings: Diagnostic[];
}

/** A change rule's level as configured: one of the three, or `off` to leave its changes out. */
export type ChangeLevel = ChangeSeverity | 'off';

/** One rule of the classification registry (oasdiff's shape): it matches structural differences of one kind. */
export interface ChangeRule {
  /** Permanent kebab-case id; docs/changes/<id>.md documents it. */
  id: Change['rule'];
  /** The kind of difference it classifies. */
  kind: ChangeKind;
  /** Its level unless `ccf.config.json` says otherwise. */
  level: ChangeSeverity;
  /** What it detects, in one sentence. */
  description: string;
  /** Whether it classifies this difference (of its kind); exactly one rule matches each difference. */
  matches(d: Difference): boolean;
  /** One sentence saying what the change is, as parts a renderer escapes its own way. */
  message(words: Words, c: Change): Parts;
}

export interface DiffOptions {
  /** Title similarity (0–1, word Dice) at or above which a removed and an added node are flagged. Default 0.75. */
  titleSimilarity?: number;
  /** Definition similarity (0–1, word Jaccard) at or above which they are flagged. Default 0.6. */
  definitionSimilarity?: number;
  /** Word similarity of an old and a new definition (0–1, `wordSimilarity`) below which the scope changed. Default 0.5. */
  scopeSimilarity?: number;
  /** Level per change rule id (`ccf.config.json` `changes`); `off` leaves its changes out. Rules not named keep theirs. */
  changes?: Record<string, ChangeLevel>;
}

export interface Sentence {
  /** Plain-text parts; `{ code }` parts are ids, `{ name }` parts are titles. */
  parts: ({ text: string } | { code: string } | { name: string })[];
}

export type Parts = Sentence['parts'];

/** The words a change rule's message is built from, bound to one change set. */
export interface Words {
  /** `Title (id)` of a node of the old version. */
  old(id: string): Parts;
  /** `Title (id)` of a node of the new version. */
  neu(id: string): Parts;
  /** `a, b and c`. */
  list(ids: string[], f: (id: string) => Parts): Parts;
  fromTitle(id: unknown): string;
  toTitle(id: unknown): string;
  /** What the changed node's level is called (`Career Pathway`). */
  level: string;
  /** The crosswalk rows of an old node, in framework order. */
  rowsFrom(id: string): CrosswalkRow[];
}
