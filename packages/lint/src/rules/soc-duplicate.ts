import type { Rule } from '../types.js';
import { nodeFiles, place, relatedAt } from './util.js';

export const socDuplicate: Rule = {
  id: 'soc-duplicate',
  description: 'A node links each SOC code once.',
  defaultSeverity: 'error',
  check({ load, report }) {
    for (const f of nodeFiles(load.files)) {
      const soc = f.data.soc;
      if (!Array.isArray(soc)) continue;
      // Indexes by code; positions are decoded only for a duplicate.
      const seen = new Map<string, number>();
      soc.forEach((item: unknown, i) => {
        const code = item && typeof item === 'object' ? (item as Record<string, unknown>).code : undefined;
        if (typeof code !== 'string') return;
        const first = seen.get(code);
        if (first === undefined) {
          seen.set(code, i);
          return;
        }
        const range = place(f, `/soc/${i}/code`);
        report({
          file: f.path,
          ...range,
          message: `Unexpected SOC code \`${code}\` listed before in this file, expected each occupation once`,
          note: 'Remove this entry; an occupation may sit under several nodes, but once per node.',
          related: [relatedAt(f, place(f, `/soc/${first}/code`), 'First listed here')],
        });
      });
    }
  },
};
