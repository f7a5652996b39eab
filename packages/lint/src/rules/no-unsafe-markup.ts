import { htmlLikeOffset, unsafeUrlScheme } from '@ccf/core';
import type { Rule } from '../types.js';

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
  check({ load, facts, report }) {
    for (const f of load.files) {
      if (!f.data) continue;
      // The facts hold nothing for a body that cannot hold markup (it is not parsed), nor for one over the parsing
      // budget: markdown-too-complex reports that one, and publish neutralises it whole.
      for (const node of facts(f).nodes) {
        const at = { file: f.path, ...node.range };
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
        } else if (node.value !== undefined) {
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
