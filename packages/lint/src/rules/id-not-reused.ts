import type { Rule } from '../types.js';
import { versionLabel } from './derived-from-resolves.js';
import { nodeFiles, pathId, place } from './util.js';

export const idNotReused: Rule = {
  id: 'id-not-reused',
  description: 'With `--against`: no node of a new edition takes an id of the earlier version, and no retired or re-typed id comes back.',
  defaultSeverity: 'error',
  needsAgainst: true,
  check({ load, against, files, report }) {
    if (!against) return;
    const label = versionLabel(against);
    const edition = load.framework.meta.edition;
    const oldEdition = against.framework.meta.edition;
    const retired = new Set<string>();
    const list = files.get('framework.md')?.data?.retired;
    if (Array.isArray(list))
      for (const r of list as unknown[]) {
        const id = r && typeof r === 'object' ? (r as Record<string, unknown>).id : undefined;
        if (typeof id === 'string') retired.add(id);
      }
    for (const f of nodeFiles(load.files)) {
      const id = pathId(f);
      const old = against.framework.nodes.get(id);
      if (!old) continue;
      const type = f.kind === 'cluster' ? 'cluster' : 'subcluster';
      let why: string | undefined;
      if (edition && oldEdition && edition !== oldEdition)
        why = `an id of the ${oldEdition} edition (${label}: ${old.title}) in the ${edition} edition`;
      else if (retired.has(id)) why = `an id this version lists in \`retired\``;
      else if (old.type !== type)
        why = `the id of a ${old.type === 'cluster' ? 'cluster' : 'sub-cluster'} of ${label} for a ${type === 'cluster' ? 'cluster' : 'sub-cluster'}`;
      if (!why) continue;
      report({
        file: f.path,
        ...place(f, '/id'),
        message: `Unexpected id \`${id}\`, ${why}, expected a new id`,
        note: `Ids are never reused: give this node a new id (rename the file) and write \`derivedFrom: [${id}]\` if it continues the old node.`,
      });
    }
  },
};
