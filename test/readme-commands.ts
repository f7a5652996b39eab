import type { Code, Root } from 'mdast';
import { remark } from 'remark';

/**
 * The shell commands of a README: every line of its ```sh code blocks, without the trailing `# comment` and blank
 * lines, in the order they appear (duplicates kept once).
 */
export function readmeCommands(markdown: string): string[] {
  const tree = remark().parse(markdown) as Root;
  const out: string[] = [];
  const visit = (node: { type: string; children?: unknown[] }): void => {
    if (node.type === 'code' && (node as Code).lang === 'sh')
      for (const raw of (node as Code).value.split('\n')) {
        // A comment starts at a `#` after white space (none of the commands has one inside quotes).
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line && !out.includes(line)) out.push(line);
      }
    for (const child of node.children ?? []) visit(child as { type: string; children?: unknown[] });
  };
  visit(tree);
  return out;
}
