import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** Bodies larger than this are not parsed as Markdown (a budget against pathological input). */
export const MAX_MARKDOWN_CHARS = 64 * 1024;
/** Block quotes and list items nested deeper than this on one line are not parsed. */
export const MAX_MARKDOWN_NESTING = 32;
/** A run of `*` or `_` longer than this is not parsed (emphasis matching is quadratic in it). */
export const MAX_EMPHASIS_RUN = 64;
/** More `*` / `_` delimiters than this in one text are not parsed. */
export const MAX_EMPHASIS_DELIMITERS = 4000;

export type MarkdownResult =
  | { ok: true; tree: Root }
  | {
      ok: false;
      reason: string;
      /** Where the text went over budget (1-based, in the text given), when known. */
      line?: number;
      column?: number;
    };

/**
 * Checks the budget micromark can parse in bounded time: measured probes showed 20 KB of
 * `- ` taking 86 s, 10 KB of `*` pairs 11 s and 20 KB of `>` 1.5 s. Linear, no regex backtracking.
 */
function overBudget(text: string): { reason: string; offset: number } | undefined {
  if (text.length > MAX_MARKDOWN_CHARS) return { reason: `it is longer than ${MAX_MARKDOWN_CHARS} characters`, offset: 0 };
  let delimiters = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length;) {
    // Container markers at the start of a line: `>`, `-`, `+`, `*`, `1.` / `1)` followed by a space.
    let depth = 0;
    let j = lineStart;
    for (;;) {
      while (text[j] === ' ' || text[j] === '\t') j++;
      const c = text[j];
      if (c === '>') {
        j++;
        depth++;
        continue;
      }
      if ((c === '-' || c === '+' || c === '*') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        j += 2;
        depth++;
        continue;
      }
      const ordered = /^\d{1,9}[.)][ \t]/.exec(text.slice(j, j + 12));
      if (ordered) {
        j += ordered[0].length;
        depth++;
        continue;
      }
      break;
    }
    if (depth > MAX_MARKDOWN_NESTING)
      return { reason: `it nests block quotes or lists ${depth} deep, more than ${MAX_MARKDOWN_NESTING}`, offset: lineStart };
    if (j - lineStart > 4 * MAX_MARKDOWN_NESTING + 200)
      return { reason: `a line is indented more than ${4 * MAX_MARKDOWN_NESTING + 200} columns`, offset: lineStart };
    const end = text.indexOf('\n', lineStart);
    const stop = end === -1 ? text.length : end;
    for (i = lineStart; i < stop; i++) {
      const c = text[i];
      if (c !== '*' && c !== '_') continue;
      let run = 1;
      while (text[i + run] === c) run++;
      if (run > MAX_EMPHASIS_RUN) return { reason: `it has a run of ${run} \`${c}\`, more than ${MAX_EMPHASIS_RUN}`, offset: i };
      delimiters += run;
      if (delimiters > MAX_EMPHASIS_DELIMITERS)
        return { reason: `it has more than ${MAX_EMPHASIS_DELIMITERS} \`*\` and \`_\` characters`, offset: i };
      i += run - 1;
    }
    i = stop + 1;
    lineStart = i;
  }
  return undefined;
}

/** Whether a text is within the parsing budget, without parsing it: the failure parseMarkdown would return, or undefined. */
export function markdownBudget(text: string): Extract<MarkdownResult, { ok: false }> | undefined {
  const over = overBudget(text);
  if (!over) return undefined;
  const before = text.slice(0, over.offset);
  const line = before.split('\n').length;
  const column = over.offset - (before.lastIndexOf('\n') + 1) + 1;
  return { ok: false, reason: over.reason, line, column };
}

/**
 * Parses a whole content file (frontmatter included, so positions are the file's own) into
 * mdast. Never throws: a body over the parsing budget, or one that exhausts the stack, is a result.
 */
export function parseMarkdown(text: string): MarkdownResult {
  const over = markdownBudget(text);
  if (over) return over;
  try {
    return { ok: true, tree: processor.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof RangeError ? 'it nests too deeply' : String(error) };
  }
}

/** URL schemes a link or image in content may use; anything else (javascript:, data:, file:, …) is refused. */
export const SAFE_URL_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];

/**
 * The scheme of a URL that is not http(s), mailto or relative, lowercased; undefined for a safe URL. Reads the
 * scheme as a browser does (WHATWG URL): leading controls and spaces skipped, tabs and newlines removed anywhere,
 * case ignored, so `JaVaScRiPt:`, ` javascript:` and `java\tscript:` are all `javascript`. Character references
 * (`&#106;avascript:`) are already decoded in the URL of an mdast node.
 */
export function unsafeUrlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  return SAFE_URL_SCHEMES.includes(scheme) ? undefined : scheme;
}

/** Where `<` would open a tag, a comment or a declaration for an HTML parser. */
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;

/** Offset of the first `<` in a text that an HTML parser would read as markup, or -1. */
export function htmlLikeOffset(text: string): number {
  TAG_OPEN.lastIndex = 0;
  const m = TAG_OPEN.exec(text);
  return m ? m.index : -1;
}

/** Plain text never opens a tag: `<` before a letter, `/`, `!` or `?` becomes a fullwidth `＜` (U+FF1C). */
function neutralize(text: string): string {
  return text.replace(TAG_OPEN, '\uff1c');
}

/** Text of a node: raw HTML dropped, the URL shown by a link to an unsafe URL dropped, no tag left open. */
function textOf(node: Nodes, inUnsafeLink: boolean): string {
  if (node.type === 'html' || node.type === 'yaml') return '';
  if ('value' in node) return inUnsafeLink && unsafeUrlScheme(node.value) !== undefined ? '' : neutralize(node.value);
  if ('alt' in node) return neutralize(node.alt ?? '');
  if (!('children' in node)) return '';
  const unsafe = inUnsafeLink || (node.type === 'link' && unsafeUrlScheme(node.url) !== undefined);
  let out = '';
  for (const child of node.children) out += textOf(child, unsafe);
  return out;
}

/**
 * The text of a Markdown definition without its markup, for plain-text outputs (CSV, CASE notes). It never
 * carries HTML, even from content that lint would refuse: raw HTML is dropped, so is an autolink to an unsafe
 * URL, and a `<` that would open a tag is replaced. Over-budget text is not parsed and gets the same replacement.
 */
export function plainText(markdown: string): string {
  const result = parseMarkdown(markdown);
  if (!result.ok) return neutralize(markdown);
  return result.tree.children
    .filter((n) => n.type !== 'yaml' && n.type !== 'html')
    .map((n) => textOf(n, false))
    .join('\n\n')
    .trim();
}
