import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

interface TreeNode {
  type: string;
  tagName?: string;
  value?: string;
  children?: TreeNode[];
}

/** Moves headings down by `by` levels, so a definition's `#` sits under the page's own h1 and h2. */
function shiftHeadings(by: number) {
  return () =>
    (tree: TreeNode): void => {
      const walk = (node: TreeNode): void => {
        const m = node.tagName ? /^h([1-6])$/.exec(node.tagName) : null;
        if (m) node.tagName = `h${Math.min(6, Number(m[1]) + by)}`;
        node.children?.forEach(walk);
      };
      walk(tree);
    };
}

// Raw HTML in Markdown is dropped by remark-rehype, but it keeps `javascript:` and `data:` URLs:
// rehype-sanitize runs last so nothing after it can put them back.
const processor = unified().use(remarkParse).use(remarkRehype).use(shiftHeadings(2)).use(rehypeSanitize).use(rehypeStringify).freeze();
// A document that is the whole page (a rule's docs): its own `#` is the page's h1.
const pageProcessor = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

/**
 * Markdown (a definition, the introduction) → sanitized HTML, headings two levels down; `asPage` keeps them (a
 * document that is the whole page). Never throws.
 */
export function renderMarkdownToHtml(markdown: string, asPage = false): string {
  try {
    return String((asPage ? pageProcessor : processor).processSync(markdown));
  } catch {
    return '';
  }
}

/** The text of a Markdown document, without markup, for search and summaries. */
export function markdownText(markdown: string): string {
  const parts: string[] = [];
  const walk = (node: TreeNode): void => {
    if (typeof node.value === 'string' && node.type !== 'html') parts.push(node.value);
    node.children?.forEach(walk);
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'listItem') parts.push(' ');
  };
  try {
    walk(processor.parse(markdown) as TreeNode);
  } catch {
    return markdown;
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
