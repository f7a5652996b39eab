import { posix } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { Rule } from '../types.js';

/** Links between content files: relative paths only; URLs with a scheme and `#anchors` are not checked. */
export const linkResolves: Rule = {
  id: 'link-resolves',
  description: 'Every relative link in a body points at a content file that exists.',
  defaultSeverity: 'error',
  check({ load, files, facts, report }) {
    let paths: string[] | undefined;
    for (const f of load.files) {
      if (!f.data) continue;
      for (const node of facts(f).nodes) {
        if ((node.type !== 'link' && node.type !== 'definition' && node.type !== 'image') || node.url === undefined) continue;
        const target = resolveLink(f.path, node.url);
        if (target === undefined || files.has(target) || files.has(posix.join(target, 'index.md'))) continue;
        // A link to a missing file never means the file it is written in: that would be no link at all.
        paths ??= [...files.keys()];
        const others = paths.filter((p) => p !== f.path);
        const guess = others.length ? closest(target, others) : undefined;
        report({
          file: f.path,
          ...node.range,
          message: target.startsWith('../')
            ? `Unexpected link to \`${node.url}\`, outside the content folder, expected a link to a content file`
            : `Unexpected link to \`${node.url}\`, a file that does not exist, expected a link to a content file`,
          note: guess
            ? `Links are relative to this file. Did you mean \`${posix.relative(posix.dirname(f.path), guess)}\`?`
            : 'Links are relative to this file.',
        });
      }
    }
  },
};

/** The content path a link points at, or undefined when it is not a link between content files. */
export function resolveLink(from: string, url: string): string | undefined {
  if (url === '' || url.startsWith('#') || url.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  let path = url.replace(/[?#].*$/, '');
  if (path === '') return undefined;
  try {
    path = decodeURI(path);
  } catch {
    // Keep it as written: the lookup fails and reports the link.
  }
  const joined = path.startsWith('/') ? posix.normalize(path.slice(1)) : posix.join(posix.dirname(from), path);
  return joined.replace(/\/$/, '');
}
