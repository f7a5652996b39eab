import type { Framework } from '@ccf/core';
import { closest, distance } from 'fastest-levenshtein';
import type { Rule } from '../types.js';
import { nodeFiles, place, stringItems } from './util.js';

export const derivedFromResolves: Rule = {
  id: 'derived-from-resolves',
  description:
    'Every id in `derivedFrom` names a node of this version, of a release in `releases/`, or of the version given with `--against`.',
  defaultSeverity: 'error',
  check({ load, against, releases, report }) {
    // With no earlier version at all (no release yet, no --against) every id would be reported: the history the
    // lineage names is not in this repository, so there is nothing to check it against.
    if (!against && releases.length === 0) return;
    // Lineage may reach back to any published edition (2024 sub-clusters continue 2002 pathways), so every release
    // counts, not only the one `--against` names: a typo is caught without a flag, and no true id is a false error.
    const versions: Framework[] = [load.framework, ...releases, ...(against ? [against.framework] : [])];
    const known = new Set(versions.flatMap((v) => [...v.nodes.keys()]));
    const names = [...known];
    // Lineage a release already published for the same node stands: a first release may name predecessors that no
    // release of this repository holds (an edition kept elsewhere), and carrying it unchanged is no new mistake.
    const published = new Set(releases.flatMap((r) => [...r.nodes.values()].flatMap((n) => n.derivedFrom.map((d) => `${n.id}\u0000${d}`))));
    const where = placesLabel(releases, against);
    for (const file of nodeFiles(load.files)) {
      const nodeId = typeof file.data.id === 'string' ? file.data.id : '';
      for (const [id, i] of stringItems(file.data.derivedFrom)) {
        if (known.has(id) || published.has(`${nodeId}\u0000${id}`)) continue;
        const guess = names.length ? closest(id, names) : undefined;
        const close = guess !== undefined && distance(id, guess) <= Math.max(2, id.length / 4);
        report({
          file: file.path,
          ...place(file, `/derivedFrom/${i}`),
          message: `Unexpected \`${id}\` in \`derivedFrom\`, expected the id of a node in ${where}`,
          note: close
            ? `Did you mean \`${guess}\`?`
            : '`derivedFrom` lists the ids of the earlier nodes this node continues, from any release in `releases/`.',
        });
      }
    }
  },
};

/** Names the versions an id was looked up in: `this version, release 1.0.0 or 2.0.0`. */
function placesLabel(releases: Framework[], against: Parameters<typeof versionLabel>[0] | undefined): string {
  const versions = [...new Set(releases.map((r) => r.meta.version))];
  const parts = ['this version'];
  if (versions.length)
    parts.push(`release ${versions.length > 1 ? `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)}` : versions[0]}`);
  if (against && !versions.includes(against.framework.meta.version)) parts.push(versionLabel(against));
  return parts.length > 2 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}` : parts.join(' or ');
}

/** How to name the earlier version in a message: `1.0.0 (@1.0.0)`. */
export function versionLabel(load: { framework: { meta: { version: string }; source: { label: string } } }): string {
  const { version } = load.framework.meta;
  const { label } = load.framework.source;
  return label && label !== version ? `version ${version} (${label})` : `version ${version}`;
}
