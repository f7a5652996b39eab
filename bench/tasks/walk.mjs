// Shared by the floor and naive tasks: every content file of a content folder, in a stable order.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of framework.md and clusters/<id>/*.md under `root`. */
export function contentFiles(root) {
  const out = [join(root, 'framework.md')];
  const clusters = join(root, 'clusters');
  for (const c of readdirSync(clusters).sort()) {
    for (const f of readdirSync(join(clusters, c)).sort()) if (f.endsWith('.md')) out.push(join(clusters, c, f));
  }
  return out;
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/** The YAML between the `---` fences, or undefined. */
export function frontmatter(text) {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  CLOSE.lastIndex = open[0].length;
  const close = CLOSE.exec(text);
  return close ? text.slice(open[0].length, close.index) : undefined;
}
