import type { ParsedFile, Range } from '@ccf/core';

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

/** Titles compared the way a reader would: case, spacing and Unicode form ignored. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A related location pointing at a place in another file. */
export function relatedAt(file: ParsedFile, range: Range, message: string) {
  return { file: file.path, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, message };
}
