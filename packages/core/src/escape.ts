/**
 * Text from content (ids from file names, titles, aliases, notes) may come from a hostile pull request. These
 * helpers make such text inert in the medium it is written into; renderers and reporters call them on every
 * string that did not come from ccf itself.
 */

/**
 * Characters that act without being seen: controls (Cc: ANSI escapes, line breaks, tabs), format characters
 * (Cf: zero-width joiners and spaces, bidi overrides such as U+202E) and the line and paragraph separators.
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
const INVISIBLE_BUT_LINES = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `\x1b`, `\u202e`, `\u{e0041}`: how an invisible character is shown. */
export function codePointEscape(c: string): string {
  const n = c.codePointAt(0)!;
  if (n <= 0xff) return `\\x${n.toString(16).padStart(2, '0')}`;
  if (n <= 0xffff) return `\\u${n.toString(16).padStart(4, '0')}`;
  return `\\u{${n.toString(16)}}`;
}

/** `U+202E`: how a diagnostic names a character. */
export function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first invisible character of `s` (see INVISIBLE), or undefined. */
export function firstInvisible(s: string): string | undefined {
  return INVISIBLE.exec(s)?.[0];
}

/**
 * Text that shows what it holds on one line: every control, format and separator character written as an
 * escape (`\x1b`, `\u202e`, `\n`), so it can neither move the cursor, recolor a terminal, reorder what follows
 * nor start a new line. For terminals, logs and one-line messages.
 */
export function escapeInvisible(s: string, options: { keepLines?: boolean } = {}): string {
  return s.replace(options.keepLines ? INVISIBLE_BUT_LINES : INVISIBLE_ALL, codePointEscape);
}

const LINE_BREAK = /\r\n?|\n/g;

/**
 * Text safe inside Markdown (CommonMark and GitHub's dialect) and inline HTML: one line (CR, LF and CRLF all end
 * a line there), invisible characters shown, no tags, no links, no @mentions, no emphasis, no table breaks.
 * Only what Markdown would read as markup is escaped, so the report stays plain text outside GitHub: `&` only
 * where it starts a character reference (`&lt;`), `@` only where GitHub would read a mention (`@name`).
 */
export function escapeMarkdown(s: string): string {
  return escapeInvisible(s, { keepLines: true })
    .replace(LINE_BREAK, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g, '&amp;')
    .replace(/(^|[^\p{L}\p{N}_`])@(?=[\p{L}\p{N}_-])/gu, '$1@\u200b');
}

/**
 * A Markdown code span holding `s` literally: one line, invisible characters shown, delimited by more backticks
 * than any run inside it. In a GFM table cell (`table: true`) a `|` would end the cell even inside code, so it
 * is escaped (GFM removes that backslash before the code span is read).
 */
export function markdownCode(s: string, options: { table?: boolean } = {}): string {
  let text = escapeInvisible(s.replace(LINE_BREAK, ' '));
  if (options.table) text = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
