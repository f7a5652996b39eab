import type { Rule } from '../types.js';

export const idMatchesFilename: Rule = {
  id: 'id-matches-filename',
  description: 'The `id` in the frontmatter equals the file name (the folder name for a cluster).',
  defaultSeverity: 'error',
  check({ load, report }) {
    for (const file of load.files) {
      if (file.kind === 'framework' || !file.data) continue;
      const id = file.data.id;
      const expected = file.kind === 'cluster' ? file.path.split('/')[1] : file.path.split('/').pop()!.replace(/\.md$/, '');
      if (typeof id !== 'string' || id === expected) continue;
      const place = file.positions['/id']?.value ?? file.frontmatterRange;
      report({
        file: file.path,
        ...place,
        message: `Unexpected id \`${id}\`, expected \`${expected}\` (the ${file.kind === 'cluster' ? 'folder' : 'file'} name)`,
        note:
          file.kind === 'cluster'
            ? `Rename the folder to \`${id}\`, or set \`id: ${expected}\`.`
            : `Rename the file to \`${id}.md\`, or set \`id: ${expected}\`. To rename a node, change its \`title\`, never its id.`,
      });
    }
  },
};
