/** Where the YAML frontmatter sits in a Markdown file. */
export type FrontmatterSplit =
  | { kind: 'ok'; yaml: string; yamlOffset: number; bodyOffset: number; end: number }
  | { kind: 'missing' }
  | { kind: 'unclosed'; openEnd: number };

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/**
 * Splits `---` fenced frontmatter from the body, as remark-frontmatter does, without parsing
 * the Markdown: most commands need the frontmatter only.
 */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const open = OPEN.exec(text);
  if (!open) return { kind: 'missing' };
  const yamlOffset = open[0].length;
  CLOSE.lastIndex = yamlOffset;
  // An empty frontmatter block closes on the line right after the fence.
  const close = CLOSE.exec(text);
  if (!close) return { kind: 'unclosed', openEnd: 3 };
  return {
    kind: 'ok',
    yaml: text.slice(yamlOffset, close.index),
    yamlOffset,
    bodyOffset: close.index + close[0].length,
    end: close.index + 3,
  };
}
