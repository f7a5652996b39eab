import { cmp } from '@ccf/core';
import type { Rule } from '../types.js';
import { versionLabel } from './derived-from-resolves.js';
import { nodeFiles, place, stringItems } from './util.js';

export const lineageComplete: Rule = {
  id: 'lineage-complete',
  description:
    'With `--against`: every node of the earlier version is continued (same id, or in a `derivedFrom`) or listed in `retired` in framework.md.',
  defaultSeverity: 'error',
  needsAgainst: true,
  check({ load, against, files, report }) {
    if (!against) return;
    const fw = files.get('framework.md');
    const label = versionLabel(against);
    const current = load.framework.nodes;
    const continued = new Set<string>();
    for (const f of nodeFiles(load.files)) for (const [d] of stringItems(f.data.derivedFrom)) continued.add(d);
    const retired = new Map<string, number>();
    const list = fw?.data?.retired;
    if (Array.isArray(list))
      list.forEach((r: unknown, i) => {
        const id = r && typeof r === 'object' ? (r as Record<string, unknown>).id : undefined;
        if (typeof id === 'string' && !retired.has(id)) retired.set(id, i);
      });

    const at = fw ? place(fw, '/retired', 'key') : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    for (const id of [...against.framework.nodes.keys()].sort(cmp)) {
      if (current.has(id) || continued.has(id) || retired.has(id)) continue;
      const node = against.framework.nodes.get(id)!;
      report({
        file: 'framework.md',
        ...at,
        message: `Unexpected end of lineage for \`${id}\` (${node.title}) of ${label}, expected a node with \`derivedFrom: [${id}]\` or an entry in \`retired\``,
        note: `Add \`${id}\` to the \`derivedFrom\` of the node that continues it, or add \`- {id: ${id}, reason: …}\` under \`retired:\` in framework.md.`,
      });
    }
    if (!fw) return;
    for (const [id, i] of [...retired].sort((a, b) => a[1] - b[1])) {
      const problem = !against.framework.nodes.has(id)
        ? `a node ${label} does not have`
        : continued.has(id)
          ? 'a node that a `derivedFrom` continues'
          : current.has(id)
            ? 'a node still present in this version'
            : undefined;
      if (!problem) continue;
      report({
        file: 'framework.md',
        ...place(fw, `/retired/${i}/id`),
        message: `Unexpected \`${id}\` in \`retired\`, ${problem}, expected an id of ${label} that no node continues`,
        note: '`retired` lists only earlier nodes that nothing continues; remove this entry.',
      });
    }
  },
};
