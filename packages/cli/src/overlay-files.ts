import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineIndex, splitFrontmatter, YAML_READ_OPTIONS } from '@ccf/core';
import type { RebaseConflict, RebaseEdit, RebaseInputFile } from '@ccf/diff';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { CommandError } from './io.js';

// An overlay's files as `ccf rebase` reads and rewrites them: frontmatter kept as a YAML document, so a rewrite
// changes the keys it must and keeps every other byte (comments, quoting, flow style) as the state wrote it.

/** One overlay file: what the rebase reads, and what it needs to write the file back. */
export interface OverlayFile extends RebaseInputFile {
  text: string;
  doc: Document;
  yamlStart: number;
  yamlEnd: number;
}

/** Markdown files under `dir`, sorted, never following a symbolic link (a hostile checkout may point one out). */
function markdownFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) out.push(...markdownFiles(path));
    else if (st.isFile() && name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Where each top-level key (and each item of a list value) of a frontmatter document is written in its file. */
function placesOf(doc: Document, lines: LineIndex, yamlOffset: number): RebaseInputFile['places'] {
  const places: RebaseInputFile['places'] = {};
  if (!isMap(doc.contents)) return places;
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    places[`/${key}`] = lines.point(yamlOffset + pair.key.range[0]);
    if (isSeq(pair.value))
      pair.value.items.forEach((item, i) => {
        if (isScalar(item) && item.range) places[`/${key}/${i}`] = lines.point(yamlOffset + item.range[0]);
      });
  }
  return places;
}

function readOne(root: string, path: string, role: OverlayFile['role']): OverlayFile {
  const file = relative(root, path).split(sep).join('/');
  const text = readFileSync(path, 'utf8');
  const split = splitFrontmatter(text);
  if (split.kind !== 'ok')
    throw new CommandError(
      'REBASE_BAD_FILE',
      `Unexpected ${split.kind === 'missing' ? 'file without' : 'unclosed'} frontmatter, expected \`---\` fenced YAML`,
      {
        file,
        line: 1,
        column: 1,
        hint: 'Run `ccf lint` on the overlay and fix the file first: a rebase rewrites only overlays that load.',
      },
    );
  const doc = parseDocument(split.yaml, YAML_READ_OPTIONS);
  const lines = new LineIndex(text);
  if (doc.errors.length || !isMap(doc.contents)) {
    const at = doc.errors[0]?.pos[0] ?? 0;
    throw new CommandError(
      'REBASE_BAD_FILE',
      `Unexpected YAML ${doc.errors[0] ? `(${doc.errors[0].code})` : 'that is not a mapping'}, expected frontmatter that loads`,
      {
        file,
        ...lines.point(split.yamlOffset + at),
        hint: 'Run `ccf lint` on the overlay and fix the file first: a rebase rewrites only overlays that load.',
      },
    );
  }
  const places = placesOf(doc, lines, split.yamlOffset);
  const data = doc.toJS() as Record<string, unknown>;
  return {
    file,
    role,
    data,
    body: text.slice(split.bodyOffset).trim(),
    places,
    text,
    doc,
    yamlStart: split.yamlOffset,
    yamlEnd: split.yamlOffset + split.yaml.length,
  };
}

/** Reads an overlay folder's framework.md, nodes/**\/*.md and programs/**\/*.md. A file that does not parse stops here. */
export function readOverlayFiles(dir: string): OverlayFile[] {
  return [
    readOne(dir, join(dir, 'framework.md'), 'framework'),
    ...markdownFiles(join(dir, 'nodes')).map((p) => readOne(dir, p, 'node')),
    ...markdownFiles(join(dir, 'programs')).map((p) => readOne(dir, p, 'program')),
  ];
}

/**
 * The new text of each file the edits touch (null: the file is removed). A key is set in place where it exists, so
 * its quoting and flow style stay; a new list keeps the old one's flow style.
 */
export function applyEdits(files: OverlayFile[], edits: RebaseEdit[]): Map<string, string | null> {
  const byFile = new Map(files.map((f) => [f.file, f]));
  const out = new Map<string, string | null>();
  const docs = new Map<string, Document>();
  for (const e of edits) {
    const f = byFile.get(e.file)!;
    if (e.op === 'remove-file' || e.op === 'move-file') continue;
    const doc = docs.get(e.file) ?? f.doc.clone();
    docs.set(e.file, doc);
    if (e.op === 'delete') doc.delete(e.key);
    else {
      const node = doc.get(e.key, true);
      if (isScalar(node) && typeof e.after === 'string') node.value = e.after;
      else {
        const created = doc.createNode(e.after);
        if (isSeq(created) && isSeq(node)) created.flow = node.flow === true;
        doc.set(e.key, created);
      }
    }
  }
  for (const [file, doc] of docs)
    out.set(
      file,
      byFile.get(file)!.text.slice(0, byFile.get(file)!.yamlStart) +
        doc.toString({ lineWidth: 0, flowCollectionPadding: false }) +
        byFile.get(file)!.text.slice(byFile.get(file)!.yamlEnd),
    );
  for (const e of edits) {
    if (e.op === 'remove-file') out.set(e.file, null);
    if (e.op === 'move-file') {
      out.set(e.to, out.get(e.file) ?? byFile.get(e.file)!.text);
      out.set(e.file, null);
    }
  }
  return out;
}

/**
 * Points each worklist row at its key in the file as the rebase writes it (`files`: the new texts, by path after any
 * rename), not as it was read: a key deleted above it, or a list written out longer or shorter, moves it.
 */
export function relocateConflicts(conflicts: RebaseConflict[], files: Map<string, string | null>): void {
  const placed = new Map<string, RebaseInputFile['places']>();
  for (const c of conflicts) {
    const text = files.get(c.file);
    if (typeof text !== 'string') continue;
    let places = placed.get(c.file);
    if (!places) {
      const split = splitFrontmatter(text);
      places = split.kind === 'ok' ? placesOf(parseDocument(split.yaml, YAML_READ_OPTIONS), new LineIndex(text), split.yamlOffset) : {};
      placed.set(c.file, places);
    }
    const at = places[c.key];
    if (at) Object.assign(c, at);
  }
}
