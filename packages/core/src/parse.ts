import { createHash } from 'node:crypto';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode, type Tags } from 'yaml';
import { splitFrontmatter } from './frontmatter.js';
import { validateFrontmatter } from './schema.js';
import { LineIndex } from './text.js';
import type { Diagnostic, FieldPosition, FileKind, ParsedFile, PositionMap, Range } from './types.js';

/** Files larger than this are not parsed (rule `file-too-large`). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Aliases beyond this count stop the YAML from being read ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/** Frontmatter larger than this is not parsed (rule `file-too-large`): real frontmatter is a few KiB. */
export const MAX_FRONTMATTER_BYTES = 128 * 1024;
/** YAML nested deeper than this is refused before parsing (rule `yaml-syntax`): the parser recurses. */
export const MAX_YAML_DEPTH = 64;
/** Positions are recorded this deep into the frontmatter; deeper values point at their ancestor. */
const MAX_POSITION_DEPTH = MAX_YAML_DEPTH;

/**
 * YAML 1.2 core, except that integers with a leading zero (`0755`, `010100`) stay strings, as in
 * YAML 1.2's JSON schema: an O*NET code `010100` must not silently become the number 10100.
 */
const yamlTags = (tags: Tags): Tags =>
  tags.map((t) =>
    typeof t === 'object' && t.tag === 'tag:yaml.org,2002:int' && !t.format ? { ...t, test: /^[-+]?(?:0|[1-9][0-9]*)$/ } : t,
  ) as Tags;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Kind of a content file from its path, or undefined when the path is not a content file. */
export function kindOf(path: string): FileKind | undefined {
  if (path === 'framework.md') return 'framework';
  const m = /^clusters\/([^/]+)\/([^/]+)\.md$/.exec(path);
  if (!m) return undefined;
  return m[2] === 'index' ? 'cluster' : 'subcluster';
}

/** The id a file's path gives it: the folder for a cluster, the file name for a sub-cluster. */
export function idFromPath(path: string): string | undefined {
  const m = /^clusters\/([^/]+)\/([^/]+)\.md$/.exec(path);
  if (!m) return undefined;
  return m[2] === 'index' ? m[1] : m[2];
}

/** SHA-256 of bytes or text, hex. */
export function sha256(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The diagnostic for a file over MAX_FILE_BYTES: sources give it without reading the file, parseFile after. */
export function fileTooLarge(path: string, size: number): Diagnostic {
  return {
    file: path,
    ...START,
    ruleId: 'file-too-large',
    severity: 'error',
    message: `Unexpected file of ${size} bytes, expected at most ${MAX_FILE_BYTES} bytes`,
    note: 'A content file holds one node; split it or move data elsewhere.',
  };
}

function empty(path: string, kind: FileKind, hash: string, diagnostics: Diagnostic[]): ParsedFile {
  return {
    path,
    kind,
    hash,
    data: undefined,
    valid: false,
    positions: {},
    body: '',
    bodyLine: 1,
    bodyOffset: 0,
    frontmatterRange: START,
    diagnostics,
  };
}

/** Decodes UTF-8 strictly; on failure says where the first bad byte is. */
function decode(bytes: Uint8Array): { text: string } | { badOffset: number; line: number; column: number } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, bad));
    const lastNewline = before.lastIndexOf('\n');
    let line = 1;
    for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
    return { badOffset: bad, line, column: before.length - lastNewline };
  }
}

/** Offset of the first byte that starts an invalid or truncated UTF-8 sequence (only on the error path). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates.
    const n1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && n1 < 0xa0) || (c === 0xed && n1 > 0x9f) || (c === 0xf0 && n1 < 0x90) || (c === 0xf4 && n1 > 0x8f)) return i;
    i += need + 1;
  }
  return b.length;
}

/**
 * Parses one content file: frontmatter split, YAML with positions, schema validation.
 * Never throws on content: every problem is a diagnostic with a place.
 */
export function parseFile(path: string, content: Uint8Array | string, kind: FileKind = kindOf(path) ?? 'subcluster'): ParsedFile {
  const hash = sha256(content);
  const diag = (range: Range, ruleId: string, message: string, note?: string): Diagnostic => ({
    file: path,
    ...range,
    ruleId,
    severity: 'error',
    message,
    ...(note ? { note } : {}),
  });
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  if (size > MAX_FILE_BYTES) return empty(path, kind, hash, [fileTooLarge(path, size)]);
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const decoded = decode(content);
    if (!('text' in decoded)) {
      const r = { line: decoded.line, column: decoded.column, endLine: decoded.line, endColumn: decoded.column + 1 };
      return empty(path, kind, hash, [
        diag(
          r,
          'encoding',
          `Unexpected byte that is not UTF-8 at byte ${decoded.badOffset}, expected UTF-8 text`,
          'Save the file as UTF-8.',
        ),
      ]);
    }
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const p = new LineIndex(text).range(nul, nul + 1);
    return empty(path, kind, hash, [diag(p, 'encoding', 'Unexpected NUL byte, expected text (is this a binary file?)')]);
  }
  try {
    return parseText(path, kind, hash, text, diag);
  } catch (error) {
    // Deeply nested YAML can exhaust the stack inside the parser: attribute it, never crash.
    const reason = error instanceof RangeError ? 'it nests too deeply' : error instanceof Error ? error.message : String(error);
    return empty(path, kind, hash, [
      diag(
        START,
        'yaml-syntax',
        `Unexpected frontmatter that cannot be read: ${reason}`,
        'Simplify the YAML: ccf frontmatter is a flat mapping with short lists.',
      ),
    ]);
  }
}

function parseText(
  path: string,
  kind: FileKind,
  hash: string,
  text: string,
  diag: (range: Range, ruleId: string, message: string, note?: string) => Diagnostic,
): ParsedFile {
  const lines = new LineIndex(text);
  const split = splitFrontmatter(text);
  if (split.kind === 'missing') {
    return empty(path, kind, hash, [
      diag(
        { line: 1, column: 1, endLine: 1, endColumn: 1 },
        'frontmatter-missing',
        'Unexpected start of file, expected frontmatter opening with `---` on line 1',
        'Start the file with a line `---`, the YAML fields, and a closing line `---`.',
      ),
    ]);
  }
  if (split.kind === 'unclosed') {
    return empty(path, kind, hash, [
      diag(
        lines.range(0, split.openEnd),
        'frontmatter-unclosed',
        'Unexpected end of file, expected a closing `---` line for the frontmatter opened here',
        'Add a line `---` after the last YAML field.',
      ),
    ]);
  }

  const base = split.yamlOffset;
  const rangeOf = (start: number, end: number): Range => lines.range(base + start, base + end);
  const frontmatterRange = lines.range(0, split.end);
  const bodyStart = lines.point(split.bodyOffset);
  const diagnostics: Diagnostic[] = [];

  const yamlBytes = Buffer.byteLength(split.yaml);
  if (yamlBytes > MAX_FRONTMATTER_BYTES) {
    return empty(path, kind, hash, [
      diag(
        lines.range(0, 3),
        'file-too-large',
        `Unexpected frontmatter of ${yamlBytes} bytes, expected at most ${MAX_FRONTMATTER_BYTES} bytes`,
        'Frontmatter holds a few fields and short lists; move long text into the Markdown body.',
      ),
    ]);
  }
  const deep = tooDeep(split.yaml);
  if (deep !== undefined) {
    return empty(path, kind, hash, [
      diag(
        rangeOf(deep, deep + 1),
        'yaml-syntax',
        `Unexpected YAML nested more than ${MAX_YAML_DEPTH} levels deep, expected a flat mapping with short lists`,
        'ccf frontmatter is at most a few levels deep: `key: value`, lists, and small mappings such as `provenance`.',
      ),
    ]);
  }

  const doc = parseDocument(split.yaml, {
    version: '1.2',
    schema: 'core',
    // Checked below in linear time: yaml's own check is quadratic in the number of keys.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    merge: false,
    customTags: yamlTags,
    // `!!binary`, `!!set`, `!!timestamp`… would otherwise resolve even outside the core schema.
    resolveKnownTags: false,
    keepSourceTokens: false,
  });
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    // Branch on yaml's error codes, never its wording: the message can quote the input (`|table`).
    const message =
      error.code === 'RESOURCE_EXHAUSTION'
        ? `Unexpected YAML nested too deeply to read, expected a flat mapping with short lists`
        : `Unexpected YAML: ${firstLine(error.message)}`;
    const note =
      error.code === 'TAB_AS_INDENT'
        ? 'Indent YAML with spaces, not tabs.'
        : error.code === 'MULTIPLE_DOCS'
          ? 'Frontmatter is one YAML document: remove the inner `---`.'
          : undefined;
    diagnostics.push(diag(rangeOf(start, Math.max(end, start + 1)), 'yaml-syntax', message, note));
  }
  for (const warning of doc.warnings) {
    const [start, end] = warning.pos;
    const tag = warning.code === 'TAG_RESOLVE_FAILED';
    diagnostics.push(
      diag(
        rangeOf(start, Math.max(end, start + 1)),
        'yaml-syntax',
        tag
          ? `Unexpected YAML tag, expected plain values: ${firstLine(warning.message)}`
          : `Unexpected YAML: ${firstLine(warning.message)}`,
        tag ? 'Remove the `!…` tag: ccf frontmatter has no custom tags.' : undefined,
      ),
    );
  }
  const second = /^(?:[ \t]*\r?\n)*---[ \t]*\r?\n/.exec(text.slice(split.bodyOffset));
  if (second) {
    const at = split.bodyOffset + second[0].lastIndexOf('---');
    diagnostics.push(
      diag(
        lines.range(at, at + 3),
        'yaml-syntax',
        'Unexpected second frontmatter block, expected the Markdown body after one frontmatter block',
        'Frontmatter is one YAML document: move these fields into the first block and remove the extra `---` lines.',
      ),
    );
  }

  const body = text.slice(split.bodyOffset);
  const result: ParsedFile = {
    path,
    kind,
    hash,
    data: undefined,
    valid: false,
    positions: {},
    body,
    bodyLine: bodyStart.line,
    bodyOffset: split.bodyOffset,
    frontmatterRange,
    diagnostics,
  };
  if (doc.errors.length > 0 || doc.warnings.length > 0) return result;

  const positions: PositionMap = {};
  const duplicates: Diagnostic[] = [];
  record(doc.contents as YamlNode | null, '', positions, rangeOf, 0, (key, range, first) =>
    duplicates.push({
      ...diag(
        range,
        'duplicate-key',
        `Unexpected duplicate key \`${key}\`, expected each key once`,
        'Remove one of the two lines; YAML would silently keep only the last.',
      ),
      related: [
        {
          file: path,
          line: first.line,
          column: first.column,
          endLine: first.endLine,
          endColumn: first.endColumn,
          message: 'First used here',
        },
      ],
    }),
  );
  result.positions = positions;
  if (duplicates.length > 0) {
    diagnostics.push(...duplicates);
    return result;
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const aliases = error instanceof ReferenceError || /alias/i.test(String(error));
    diagnostics.push(
      diag(
        rangeOf(0, 1),
        'yaml-syntax',
        aliases
          ? `Unexpected YAML aliases that expand beyond ${MAX_ALIAS_COUNT} copies, expected plain values`
          : `Unexpected YAML: ${firstLine(String(error))}`,
        aliases ? 'Write values out instead of using `&anchor` / `*alias`.' : undefined,
      ),
    );
    return result;
  }
  if (data === null || data === undefined) data = {};

  const fallback = lines.range(0, 3);
  const schema = validateFrontmatter({
    path,
    kind,
    data,
    positions,
    fallback,
    sourceOf: (pos) => sliceRange(text, pos.value),
  });
  diagnostics.push(...schema.diagnostics);
  result.valid = schema.valid;
  result.data = isPlainObject(data) ? data : undefined;
  return result;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function record(
  node: YamlNode | null,
  pointer: string,
  out: PositionMap,
  rangeOf: (start: number, end: number) => Range,
  depth: number,
  duplicate: (key: string, at: Range, first: Range) => void,
): void {
  if (!node || depth > MAX_POSITION_DEPTH) return;
  const r = node.range;
  if (r && !out[pointer]) out[pointer] = { value: rangeOf(r[0], r[1]) };
  if (isMap(node)) {
    const seen = new Map<string, Range>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
      const ptr = `${pointer}/${escapeSegment(key)}`;
      const value = pair.value as YamlNode | null;
      const keyRange = keyNode?.range ? rangeOf(keyNode.range[0], keyNode.range[1]) : undefined;
      const first = seen.get(key);
      if (first) {
        duplicate(key, keyRange ?? first, first);
        continue;
      }
      seen.set(key, keyRange ?? rangeOf(0, 1));
      const valueRange = value?.range ? rangeOf(value.range[0], value.range[1]) : keyRange;
      if (valueRange) {
        const pos: FieldPosition = { value: valueRange };
        if (keyRange) pos.key = keyRange;
        out[ptr] = pos;
      }
      record(value, ptr, out, rangeOf, depth + 1, duplicate);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => record(item as YamlNode | null, `${pointer}/${i}`, out, rangeOf, depth + 1, duplicate));
  }
}

/**
 * Offset where the YAML first nests deeper than MAX_YAML_DEPTH, estimated without parsing:
 * block indentation levels plus compact `- ` / `? ` indicators plus open flow brackets.
 */
function tooDeep(yaml: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  for (const line of yaml.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = /^ */.exec(line)![0].length;
    if (indent === line.length || line[indent] === '#') continue;
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      const compact = /^(?:[-?:][ \t]+)*/.exec(line.slice(indent))![0];
      let depth = indents.length;
      for (let i = 0; i < compact.length; i++) {
        if (compact[i] === ' ' || compact[i] === '\t') continue;
        if (++depth > MAX_YAML_DEPTH) return start + indent + i;
      }
    }
    let quote = '';
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') i++;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
      else if (c === '[' || c === '{') {
        if (++flow + indents.length > MAX_YAML_DEPTH) return start + i;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
  }
  return undefined;
}

function sliceRange(text: string, r: Range): string {
  // Only used for short scalar values in messages, on the error path.
  const line = text.split('\n')[r.line - 1] ?? '';
  return r.line === r.endLine ? line.slice(r.column - 1, r.endColumn - 1) : line.slice(r.column - 1).trim();
}
