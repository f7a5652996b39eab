import type { Rule } from '../types.js';
import { nodeFiles, place } from './util.js';

export const noEmptyOccupations: Rule = {
  id: 'no-empty-occupations',
  // The first id named a 2002 level; configs written for it keep working.
  aliases: ['no-empty-pathway-occupations'],
  description:
    'Every active sub-cluster or pathway links at least one occupation in `soc`, or says in `noOccupations` why it has none (a warning).',
  defaultSeverity: 'warning',
  check({ load, report }) {
    const level = load.framework.meta.terms.subcluster || 'sub-cluster';
    for (const f of nodeFiles(load.files)) {
      if (f.kind !== 'subcluster' || f.data.status === 'retired') continue;
      const soc = f.data.soc;
      // A `soc` that is not a list is the schema's to report.
      if ((Array.isArray(soc) && soc.length > 0) || (soc !== undefined && !Array.isArray(soc))) continue;
      // Empty by design, and the file says why: nothing to do, so nothing to say.
      if (typeof f.data.noOccupations === 'string' && f.data.noOccupations.trim() !== '') continue;
      const title = typeof f.data.title === 'string' ? f.data.title : f.path;
      report({
        file: f.path,
        ...(soc === undefined ? place(f, '/title') : place(f, '/soc')),
        message: `Unexpected ${level} \`${title}\` without occupations, expected at least one \`soc\` link or a \`noOccupations\` reason`,
        note: 'Add `soc:` links when a source lists occupations for it. If it has none by design (its source lists none), say why in `noOccupations:` and this warning goes away.',
      });
    }
  },
};
