import type { Rule } from '../types.js';
import { nodeFiles, pathId, place, stringItems } from './util.js';

export const retiredHasSuccessorOrReason: Rule = {
  id: 'retired-has-successor-or-reason',
  description: 'A node with `status: retired` has a `retiredReason`, or another node lists it in `derivedFrom`.',
  defaultSeverity: 'error',
  check({ load, report }) {
    const files = nodeFiles(load.files);
    const continued = new Set<string>();
    for (const f of files) for (const [d] of stringItems(f.data.derivedFrom)) if (d !== pathId(f)) continued.add(d);
    for (const f of files) {
      if (f.data.status !== 'retired') continue;
      const id = pathId(f);
      if (typeof f.data.retiredReason === 'string' || continued.has(id)) continue;
      report({
        file: f.path,
        ...place(f, '/status'),
        message: `Unexpected retired node \`${id}\` with no successor and no reason, expected a \`retiredReason\` or a node with \`derivedFrom: [${id}]\``,
        note: 'Add `retiredReason: …` (a sentence a state reviewer can read), or list this id in the `derivedFrom` of the node that continues it.',
      });
    }
  },
};
