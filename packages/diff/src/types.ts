import type { Diagnostic, NodeType } from '@ccf/core';
import type { Parts, Words } from './message.js';

export type ChangeKind = 'added' | 'removed' | 'renamed' | 'redefined' | 'moved' | 'merged' | 'split' | 'field-changed' | 'retired';
export type ChangeSeverity = 'breaking' | 'notable' | 'editorial';
export type Bump = 'major' | 'minor' | 'patch' | 'none';
export type Relation = 'unchanged' | 'renamed' | 'moved' | 'redefined' | 'split' | 'merged' | 'new' | 'retired';
export type Skos = 'exactMatch' | 'closeMatch' | 'narrowMatch' | 'broadMatch' | 'relatedMatch' | '';
/** `n:n` is an old node split into parts that are also merged with other old nodes (SSSOM's value). */
export type Cardinality = '1:1' | '1:n' | 'n:1' | 'n:n' | '1:0' | '0:1';

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

/** One side of the comparison. */
export interface VersionInfo {
  /** What the user named: a ref, a folder, `@1.0.0`. */
  label: string;
  /** `version` from framework.md. */
  version: string;
  commit?: string;
  /** Commit date, ISO 8601. */
  date?: string;
  title: string;
  edition: string;
  /** Absolute URL identifiers resolve under (framework.md `baseUrl`), when set. */
  baseUrl?: string;
  /** What each level is called in this version (`Career Pathway`, `Sub-Cluster`). */
  terms: { cluster: string; subcluster: string };
}

/** A part of a word-level diff: text in both, only in the new text, or only in the old. */
export interface WordDiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** One change between two versions. Data only: renderers word it. */
export interface Change {
  kind: ChangeKind;
  nodeType: NodeType;
  /** Ids on the old side (empty for `added`). */
  fromIds: string[];
  /** Ids on the new side (empty for `removed` and `retired`). */
  toIds: string[];
  severity: ChangeSeverity;
  /** The change rule that classified it (docs/changes/<rule>.md); permanent. */
  rule: string;
  /** Which field changed: `title`, `aliases`, `id`, `parent`, `definition`, `soc`, `cip`, `order`, `codes.<scheme>`, … */
  field?: string;
  before?: unknown;
  after?: unknown;
  /** List fields: members only in the new version. */
  added?: unknown[];
  /** List fields: members only in the old version. */
  removed?: unknown[];
  /** `redefined`: the definition's word-level diff. */
  wordDiff?: WordDiffPart[];
  /** `retired`: why no node continues it. */
  reason?: string;
  /** The cluster a report groups this change under (new side when there is one), and its title. */
  cluster: string;
  clusterTitle: string;
  /** Stable across runs for the same change: `kind:field:fromIds>toIds`. */
  fingerprint: string;
}

/**
 * One row of the crosswalk: an (old, new) pair, or one side alone for a new or a retired node. The missing side's
 * id, title and parent are `null`; `fromParent`/`toParent` are also `null` for a cluster (it has no parent).
 */
export interface CrosswalkRow {
  fromId: string | null;
  fromTitle: string | null;
  fromParent: string | null;
  toId: string | null;
  toTitle: string | null;
  toParent: string | null;
  nodeType: NodeType;
  relation: Relation;
  skos: Skos;
  cardinality: Cardinality;
  /** CASE association type for the CASE export: `replacedBy` where the id changes. */
  caseAssociation?: string;
  /** Why a retired node has no successor. */
  reason?: string;
}

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
  id: string;
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

export interface ChangeSet {
  from: VersionInfo;
  to: VersionInfo;
  /** The semver bump these changes need: breaking → major, notable → minor, editorial → patch. */
  bump: Bump;
  summary: { byKind: Record<ChangeKind, number>; bySeverity: Record<ChangeSeverity, number> };
  changes: Change[];
  crosswalk: CrosswalkRow[];
  /** Hints for a human (possible renames, lineage that points nowhere); never decisions. */
  warnings: Diagnostic[];
}

export interface DiffOptions {
  /** Title similarity (0–1, word Dice) at or above which a removed and an added node are flagged. Default 0.75. */
  titleSimilarity?: number;
  /** Definition similarity (0–1, word Jaccard) at or above which they are flagged. Default 0.6. */
  definitionSimilarity?: number;
  /** Level per change rule id (`ccf.config.json` `changes`); `off` leaves its changes out. Rules not named keep theirs. */
  changes?: Record<string, ChangeLevel>;
}
