import { LineIndex } from '@ccf/core';
import type { Rule } from '../types.js';
import { place } from './util.js';

const NAME = /National Career Clusters(®|&reg;|\(R\))?/;

export const trademark: Rule = {
  id: 'trademark',
  description: 'framework.md writes "National Career Clusters®" with ® at its first use, in the title and in the introduction.',
  defaultSeverity: 'error',
  check({ files, report }) {
    const fw = files.get('framework.md');
    if (!fw?.data) return;
    const fix = {
      message: 'Unexpected `National Career Clusters` without ® at its first use, expected `National Career Clusters®`',
      note: 'National Career Clusters® is a mark of Advance CTE: write the ® at the first use (later uses may leave it out).',
    };
    const title = fw.data.title;
    if (typeof title === 'string') {
      const m = NAME.exec(title);
      if (m && !m[1]) {
        const r = place(fw, '/title');
        // A plain or quoted scalar on one line: the name starts at its offset in the value.
        const quote = r.endColumn - r.column > title.length ? 1 : 0;
        const column = r.line === r.endLine ? r.column + quote + m.index : r.column;
        report({ file: fw.path, line: r.line, column, endLine: r.line, endColumn: column + m[0].length, ...fix });
      }
    }
    const m = NAME.exec(fw.body);
    if (m && !m[1]) {
      const lines = new LineIndex(fw.body);
      const a = lines.point(m.index);
      const b = lines.point(m.index + m[0].length);
      report({
        file: fw.path,
        line: fw.bodyLine + a.line - 1,
        column: a.column,
        endLine: fw.bodyLine + b.line - 1,
        endColumn: b.column,
        ...fix,
      });
    }
  },
};
