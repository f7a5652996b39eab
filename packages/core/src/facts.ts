import type { Nodes } from 'mdast';
import { htmlLikeOffset, markdownBudget, parseMarkdown, plainText } from './markdown.js';
import type { ParsedFile, Range } from './types.js';

/** A node of a body that a check may need: a link, image or definition (with its URL), raw HTML, or HTML-like text. */
export interface MarkdownFactNode {
  type: 'link' | 'image' | 'definition' | 'html' | 'text' | 'inlineCode' | 'code';
  /** The URL of a link, image or definition. */
  url?: string;
  /** The text of raw HTML, or of a text or code node holding HTML-like text (`<` before a letter). */
  value?: string;
  /** Where it sits, in the file's own lines. */
  range: Range;
}

/**
 * What later stages read from a file's Markdown body, computed once per content and cached beside the parse record
 * (under the same content key), so a warm run parses no Markdown. `text` and `words` are there when asked for
 * (`loadFramework(…, { facts: 'text' })` or `markdownFacts(file, { text: true })`): lint needs none of them.
 */
export interface MarkdownFacts {
  /** Where the body goes over the parsing budget (`markdownBudget`), in the file's lines; absent within budget. */
  overBudget?: { reason: string; line: number; column: number };
  /**
   * Links, images and definitions with a URL, raw HTML, and text or code holding HTML-like text, in document
   * order. Empty for a body that cannot hold any (no `[`, `<`, `&lt;` or `&#`: it is not parsed) or is over budget.
   */
  nodes: MarkdownFactNode[];
  /** The definition (the body, trimmed) as plain text: `plainText(file.body.trim())`. */
  text?: string;
  /** Words in `text`: runs of letters, digits and marks, joined by an apostrophe or a hyphen. */
  words?: number;
}

/** Which facts to compute: `markup` (what lint reads) or `text` (that and the plain text, for publish). */
export type FactsLevel = 'markup' | 'text';

/** Without `<` or `[` there is neither HTML nor a link in CommonMark (no bare-URL autolinks), nor `&lt;`/`&#` no escaped tag. */
const MAY_HOLD_MARKUP = /[<[]|&(?:lt;|#)/i;
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;

/** Facts attached to a parsed file (decoded from the cache or a worker as JSON, on first use). */
const attached = new WeakMap<ParsedFile, MarkdownFacts | string>();

/** @internal Attaches facts (or their JSON, decoded when first read) to a file. */
export function attachFacts(file: ParsedFile, facts: MarkdownFacts | string): void {
  attached.set(file, facts);
}

/** @internal The facts attached to a file, decoded, if any. */
export function attachedFacts(file: ParsedFile): MarkdownFacts | undefined {
  const known = attached.get(file);
  if (typeof known !== 'string') return known;
  const facts = JSON.parse(known) as MarkdownFacts;
  attached.set(file, facts);
  return facts;
}

/** @internal Whether a file has facts at `level` attached already. */
export function hasFacts(file: ParsedFile, level: FactsLevel): boolean {
  const known = attached.get(file);
  if (known === undefined) return false;
  if (level === 'markup') return true;
  // JSON with a `text` key: the key is written last, so its name is a safe test without decoding the whole record.
  return typeof known === 'string' ? known.includes('"text":') : known.text !== undefined;
}

function rangeOf(node: Nodes, shift: number): Range | undefined {
  const p = node.position;
  if (!p) return undefined;
  return { line: p.start.line + shift, column: p.start.column, endLine: p.end.line + shift, endColumn: p.end.column };
}

/** The nodes a check needs from a parsed tree, in document (pre-)order; the tree is dropped afterwards. */
function collect(root: Nodes, shift: number): MarkdownFactNode[] {
  const out: MarkdownFactNode[] = [];
  const stack: Nodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    const range = rangeOf(node, shift);
    if (!range) continue;
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      if (node.url !== undefined) out.push({ type: node.type, url: node.url, range });
    } else if (node.type === 'html') {
      out.push({ type: 'html', value: node.value, range });
    } else if ((node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') && htmlLikeOffset(node.value) !== -1) {
      out.push({ type: node.type, value: node.value, range });
    }
  }
  return out;
}

/** Computes a file's Markdown facts (parsing the body only when it can hold what they record). */
export function computeFacts(file: ParsedFile, level: FactsLevel = 'markup'): MarkdownFacts {
  const facts: MarkdownFacts = { nodes: [] };
  const shift = file.bodyLine - 1;
  const over = markdownBudget(file.body);
  if (over) facts.overBudget = { reason: over.reason, line: shift + (over.line ?? 1), column: over.column ?? 1 };
  else if (MAY_HOLD_MARKUP.test(file.body)) {
    const result = parseMarkdown(file.body);
    if (result.ok) facts.nodes = collect(result.tree, shift);
  }
  if (level === 'text') {
    facts.text = plainText(file.body.trim());
    facts.words = facts.text.match(WORD)?.length ?? 0;
  }
  return facts;
}

/**
 * A file's Markdown facts: the ones cached or computed by the parse workers when there are some, else computed now
 * (and kept with the file). With `text`, the plain text and word count are there too.
 */
export function markdownFacts(file: ParsedFile, options: { text?: boolean } = {}): MarkdownFacts {
  const level: FactsLevel = options.text ? 'text' : 'markup';
  if (hasFacts(file, level)) return attachedFacts(file)!;
  const facts = computeFacts(file, level);
  attached.set(file, facts);
  return facts;
}
