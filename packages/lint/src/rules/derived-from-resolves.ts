import { closest, distance } from 'fastest-levenshtein';
import type { Rule } from '../types.js';
import { nodeFiles, place, stringItems } from './util.js';

export const derivedFromResolves: Rule = {
  id: 'derived-from-resolves',
  description: 'Every id in `derivedFrom` names a node of the earlier version given with `--against`.',
  defaultSeverity: 'error',
  needsAgainst: true,
  check({ load, against, report }) {
    if (!against) return;
    const old = [...against.framework.nodes.keys()];
    const known = new Set(old);
    const label = versionLabel(against);
    for (const file of nodeFiles(load.files)) {
      for (const [id, i] of stringItems(file.data.derivedFrom)) {
        if (known.has(id)) continue;
        const guess = old.length ? closest(id, old) : undefined;
        const close = guess !== undefined && distance(id, guess) <= Math.max(2, id.length / 4);
        report({
          file: file.path,
          ...place(file, `/derivedFrom/${i}`),
          message: `Unexpected \`${id}\` in \`derivedFrom\`, expected the id of a node in ${label}`,
          note: close
            ? `Did you mean \`${guess}\`?`
            : `\`derivedFrom\` lists ids of the earlier version this node continues; see \`ccf lint --against\`.`,
        });
      }
    }
  },
};

/** How to name the earlier version in a message: `1.0.0 (@1.0.0)`. */
export function versionLabel(load: { framework: { meta: { version: string }; source: { label: string } } }): string {
  const { version } = load.framework.meta;
  const { label } = load.framework.source;
  return label && label !== version ? `version ${version} (${label})` : `version ${version}`;
}
