import type { Rule } from '../types.js';
import { folderOf, place } from './util.js';

export const parentExists: Rule = {
  id: 'parent-exists',
  description: 'Every sub-cluster sits in a cluster folder that has an `index.md`.',
  defaultSeverity: 'error',
  check({ load, report }) {
    for (const file of load.orphans) {
      const folder = folderOf(file);
      report({
        file: file.path,
        ...place(file, '/id'),
        message: `Unexpected sub-cluster in \`clusters/${folder}/\`, a folder without \`index.md\`, expected its cluster file \`clusters/${folder}/index.md\``,
        note: 'Add the cluster file `index.md` to the folder, or move this file into an existing cluster folder.',
      });
    }
  },
};
