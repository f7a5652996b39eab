import { ruleFor } from './rules/index.js';
import {
  CHANGE_KINDS,
  SEVERITIES,
  type Bump,
  type Change,
  type ChangeKind,
  type ChangeLevel,
  type ChangeSet,
  type ChangeSeverity,
  type Comparison,
} from './types.js';

/**
 * Classifies structural differences with the change-rule registry: each gets its rule's id and level (or the level
 * `levels` gives that rule; `off` drops it), and the semver bump follows the levels that remain.
 */
export function classify(comparison: Comparison, levels: Record<string, ChangeLevel> = {}): ChangeSet {
  const changes: Change[] = [];
  for (const d of comparison.differences) {
    const rule = ruleFor(d);
    const severity = levels[rule.id] ?? rule.level;
    if (severity === 'off') continue;
    const { kind, nodeType, fromIds, toIds, ...rest } = d;
    changes.push({ kind, nodeType, fromIds, toIds, severity, rule: rule.id, ...rest });
  }
  // Stable: within a level, the comparison's order (kind, then place) holds.
  const sevRank = (s: ChangeSeverity): number => SEVERITIES.indexOf(s);
  changes.sort((a, b) => sevRank(a.severity) - sevRank(b.severity));

  const byKind = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<ChangeSeverity, number>;
  for (const c of changes) {
    byKind[c.kind]++;
    bySeverity[c.severity]++;
  }
  const bump: Bump = bySeverity.breaking ? 'major' : bySeverity.notable ? 'minor' : bySeverity.editorial ? 'patch' : 'none';
  const { from, to, crosswalk, warnings } = comparison;
  return { from, to, crosswalkFormat: 2, bump, summary: { byKind, bySeverity }, changes, crosswalk, warnings };
}
