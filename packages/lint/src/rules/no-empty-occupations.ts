import type { Rule } from '../types.js';
import { nodeFiles, place } from './util.js';

export const noEmptyPathwayOccupations: Rule = {
  id: 'no-empty-pathway-occupations',
  description:
    'Every active sub-cluster (Career Pathway) links at least one occupation in `soc` (a warning: six 2002 pathways have none in O*NET).',
  defaultSeverity: 'warning',
  check({ load, report }) {
    const level = load.framework.meta.terms.subcluster || 'sub-cluster';
    for (const f of nodeFiles(load.files)) {
      if (f.kind !== 'subcluster' || f.data.status === 'retired') continue;
      const soc = f.data.soc;
      // A `soc` that is not a list is the schema's to report.
      if ((Array.isArray(soc) && soc.length > 0) || (soc !== undefined && !Array.isArray(soc))) continue;
      const title = typeof f.data.title === 'string' ? f.data.title : f.path;
      report({
        file: f.path,
        ...(soc === undefined ? place(f, '/title') : place(f, '/soc')),
        message: `Unexpected ${level} \`${title}\` without occupations, expected at least one \`soc\` link`,
        note: 'Add `soc:` with O*NET-SOC codes when a source links occupations to it; O*NET lists none for some 2002 pathways, which is why this is a warning.',
      });
    }
  },
};
