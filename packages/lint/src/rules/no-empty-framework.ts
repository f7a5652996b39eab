import type { Rule } from '../types.js';

/**
 * A framework needs at least one cluster. Without this rule, deleting every cluster folder lints clean and
 * publishes an empty release, which every consumer would read as "everything was retired".
 */
export const noEmptyFramework: Rule = {
  id: 'no-empty-framework',
  description: 'The framework has at least one cluster.',
  defaultSeverity: 'error',
  check({ load, files, report }) {
    const { framework } = load;
    if (framework.clusters.length > 0) return;
    // A content folder without framework.md already has `framework-missing`; a release has no files at all.
    if (!files.has('framework.md') && load.files.length > 0) return;
    const term = framework.meta.terms.cluster;
    report({
      file: 'framework.md',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 4,
      message: `Unexpected framework with no ${term}, expected at least one (\`clusters/<id>/index.md\`)`,
      note: 'A release without clusters would tell every consumer that the whole framework was removed. Restore the cluster folders.',
    });
  },
};
