import { plainText } from '@ccf/core';

const cache = new Map<string, string>();

/** plainText, remembered: each definition is needed by framework.json, the CSVs and case.json. */
export function plain(markdown: string): string {
  let text = cache.get(markdown);
  if (text === undefined) {
    // Bounded, so a long-running server publishing many versions does not grow without end.
    if (cache.size > 20_000) cache.clear();
    text = plainText(markdown);
    cache.set(markdown, text);
  }
  return text;
}
