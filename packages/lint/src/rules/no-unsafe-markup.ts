import { htmlLikeOffset, unsafeUrlScheme } from '@ccf/core';
import type { Rule } from '../types.js';

interface MdNode {
  type: string;
  url?: string;
  value?: string;
  position?: { start: { line: number; column: number }; end: { line: number; column: number } };
  children?: MdNode[];
}

/**
 * Without `<` or `[` there is neither HTML nor a link in CommonMark (ccf parses no bare-URL autolinks), and without
 * `&lt;`/`&#` no escaped tag: such a body is not parsed at all, as most definitions are.
 */
const MAY_HOLD_MARKUP = /[<[]|&(?:lt;|#)/i;

/** A short, one-line excerpt of what was found, for the message. */
function excerpt(text: string): string {
  const line = text.trim().split('\n')[0]!;
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

/**
 * Definitions are published as plain text (CSV, CASE notes) and rendered as HTML in previews: raw HTML, script
 * URLs and escaped tags are refused before they reach either.
 */
export const noUnsafeMarkup: Rule = {
  id: 'no-unsafe-markup',
  description: 'Bodies hold no raw HTML, no HTML-like text, and link only to http(s), mailto or relative URLs.',
  defaultSeverity: 'error',
  check({ load, markdown, report }) {
    for (const f of load.files) {
      if (!f.data || !MAY_HOLD_MARKUP.test(f.body)) continue;
      const result = markdown(f);
      // A body over the parsing budget is reported by markdown-too-complex; publish then neutralises it whole.
      if (!result.ok) continue;
      const stack: MdNode[] = [result.tree as unknown as MdNode];
      while (stack.length) {
        const node = stack.pop()!;
        if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
        const pos = node.position;
        if (!pos) continue;
        const at = { file: f.path, line: pos.start.line, column: pos.start.column, endLine: pos.end.line, endColumn: pos.end.column };
        if (node.type === 'html') {
          report({
            ...at,
            message: `Unexpected raw HTML \`${excerpt(node.value ?? '')}\`, expected Markdown only`,
            note: 'Definitions are published as plain text and Markdown: write emphasis as `*text*`, links as `[text](https://…)`.',
          });
        } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url !== undefined) {
          const scheme = unsafeUrlScheme(node.url);
          if (scheme === undefined) continue;
          const what = node.type === 'image' ? 'image from' : node.type === 'definition' ? 'link definition to' : 'link to';
          report({
            ...at,
            message: `Unexpected ${what} a \`${scheme}:\` URL, expected an http(s), mailto or relative URL`,
            note: 'Only web pages, e-mail addresses and other content files can be linked.',
          });
        } else if ((node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') && node.value !== undefined) {
          const offset = htmlLikeOffset(node.value);
          if (offset === -1) continue;
          report({
            ...at,
            message: `Unexpected HTML-like text \`${excerpt(node.value.slice(offset))}\`, expected plain text`,
            note: 'Escaped tags still read as HTML in plain-text outputs: describe it in words, without angle brackets.',
          });
        }
      }
    }
  },
};
