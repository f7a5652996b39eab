import type { ChangeKind, ChangeRule, Difference } from '../types.js';
import { aliasesChanged } from './aliases-changed.js';
import { cipChanged } from './cip-changed.js';
import { codeChanged } from './code-changed.js';
import { crossCuttingChanged } from './cross-cutting-changed.js';
import { definitionEdited } from './definition-edited.js';
import { definitionRescoped } from './definition-rescoped.js';
import { groupingChanged } from './grouping-changed.js';
import { naicsChanged } from './naics-changed.js';
import { nodeAdded } from './node-added.js';
import { nodeMerged } from './node-merged.js';
import { nodeMoved } from './node-moved.js';
import { nodeRemoved } from './node-removed.js';
import { nodeRenamed } from './node-renamed.js';
import { nodeReplaced } from './node-replaced.js';
import { nodeRetired } from './node-retired.js';
import { nodeSplit } from './node-split.js';
import { orderChanged } from './order-changed.js';
import { socChanged } from './soc-changed.js';
import { titlePunctuation } from './title-punctuation.js';

/** Every change rule, sorted by id. Each structural difference is matched by exactly one. */
export const changeRules: readonly ChangeRule[] = [
  aliasesChanged,
  cipChanged,
  codeChanged,
  crossCuttingChanged,
  definitionEdited,
  definitionRescoped,
  groupingChanged,
  naicsChanged,
  nodeAdded,
  nodeMerged,
  nodeMoved,
  nodeRemoved,
  nodeRenamed,
  nodeReplaced,
  nodeRetired,
  nodeSplit,
  orderChanged,
  socChanged,
  titlePunctuation,
];

const byId = new Map<string, ChangeRule>(changeRules.map((r) => [r.id, r]));
const byKind = new Map<ChangeKind, ChangeRule[]>();
for (const r of changeRules) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);

/** The change rule with this id, if there is one. */
export function changeRule(id: string): ChangeRule | undefined {
  return byId.get(id);
}

/**
 * The one rule that classifies a structural difference. None or two would be a gap or an overlap in the
 * registry, a bug in ccf rather than in the content, so it throws.
 */
export function ruleFor(d: Difference): ChangeRule {
  const found = (byKind.get(d.kind) ?? []).filter((r) => r.matches(d));
  if (found.length !== 1)
    throw new Error(
      `${found.length ? 'Several change rules' : 'No change rule'} for ${d.fingerprint}${found.length ? `: ${found.map((r) => r.id).join(', ')}` : ''}`,
    );
  return found[0]!;
}
