import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** Bodies larger than this are not parsed as Markdown (a budget against pathological input). */
export const MAX_MARKDOWN_CHARS = 256 * 1024;

export type MarkdownResult = { ok: true; tree: Root } | { ok: false; reason: string };

/**
 * Parses a whole content file (frontmatter included, so positions are the file's own) into
 * mdast. Never throws: a pathological body (deep nesting that exhausts the stack) is a result.
 */
export function parseMarkdown(text: string): MarkdownResult {
  if (text.length > MAX_MARKDOWN_CHARS) return { ok: false, reason: `the Markdown is longer than ${MAX_MARKDOWN_CHARS} characters` };
  try {
    return { ok: true, tree: processor.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof RangeError ? 'the Markdown nests too deeply' : String(error) };
  }
}

/** The text of a Markdown definition without its markup. */
export function plainText(markdown: string): string {
  const result = parseMarkdown(markdown);
  if (!result.ok) return markdown;
  return result.tree.children
    .filter((n) => n.type !== 'yaml')
    .map((n) => toString(n))
    .join('\n\n')
    .trim();
}
