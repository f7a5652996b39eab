import { codePointName, escapeInvisible, INVISIBLE, type ParsedFile, type Range } from '@ccf/core';
import unhomoglyph from 'unhomoglyph';

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/** Where a JSON pointer's key or value sits; walks up to the nearest recorded ancestor. */
export function place(file: ParsedFile, pointer: string, part: 'key' | 'value' = 'value'): Range {
  let p = pointer;
  for (;;) {
    const pos = file.positions[p];
    if (pos) return (part === 'key' ? pos.key : undefined) ?? pos.value;
    if (p === '') return { line: 1, column: 1, endLine: 1, endColumn: 4 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The id a node file's path gives it: the folder for index.md, else the file name. */
export function pathId(file: ParsedFile): string {
  const parts = file.path.split('/');
  return file.kind === 'cluster' ? parts[1]! : parts[parts.length - 1]!.replace(/\.md$/, '');
}

/** The cluster folder of a node file. */
export function folderOf(file: ParsedFile): string {
  return file.path.split('/')[1] ?? '';
}

/** Cluster and sub-cluster files that have readable frontmatter, in path order. */
export function nodeFiles(files: Iterable<ParsedFile>): (ParsedFile & { data: Record<string, unknown> })[] {
  const out: (ParsedFile & { data: Record<string, unknown> })[] = [];
  for (const f of files) if (f.kind !== 'framework' && f.data) out.push(f as ParsedFile & { data: Record<string, unknown> });
  return out;
}

/** Strings of a list field, with their index (non-strings skipped: the schema reports them). */
export function stringItems(value: unknown): [string, number][] {
  return Array.isArray(value) ? value.flatMap((v, i): [string, number][] => (typeof v === 'string' ? [[v, i]] : [])) : [];
}

/**
 * Titles compared the way a reader sees them: Unicode compatibility forms (NFKC), case, spacing and invisible
 * characters ignored, then reduced to their UTS #39 confusables skeleton (Unicode's confusables.txt, through
 * `unhomoglyph`), so a Cyrillic `а` or a digit `0` cannot make a second `Accounting` or `R0bots` look new.
 */
export function normalizeTitle(title: string): string {
  const folded = title.normalize('NFKC').replace(/\s+/g, ' ').replace(INVISIBLE_ALL, '').toLowerCase().trim();
  // UTS #39: skeleton(X) = NFD(map(NFD(X))); lower-cased again because the table maps some letters to capitals (`0` → `O`).
  return unhomoglyph(folded.normalize('NFD')).normalize('NFD').toLowerCase();
}

/** A related location pointing at a place in another file. */
export function relatedAt(file: ParsedFile, range: Range, message: string) {
  return { file: file.path, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, message };
}

/**
 * For two titles that compare equal but are not the same text: where they first differ, naming both characters
 * by code point (a Cyrillic `а` and a Latin `a` look the same in print, not in a diagnostic).
 */
export function lookalikeNote(title: string, other: string): string | undefined {
  if (title === other) return undefined;
  const a = [...title];
  const b = [...other];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (c: string | undefined): string => (c === undefined ? 'nothing' : `${escapeInvisible(c)} (${codePointName(c)})`);
  return `The two differ only in how they are written, not in how they look: ${show(a[i])} here, ${show(b[i])} there.`;
}
