import { parseDocument, type Node as YamlNode } from 'yaml';
import { splitFrontmatter } from './frontmatter.js';
import { sha256 } from './hash.js';
import { kindOf } from './layout.js';
import { record, sliceRange } from './positions.js';
import { allowedKeys, schemaKeys, validateFrontmatter } from './schema.js';
import { LineIndex } from './text.js';
import type { Diagnostic, FileKind, ParsedFile, PositionMap, Range } from './types.js';
import { decodeUtf8 } from './utf8.js';
import { explainYaml } from './yaml-explain.js';
import { indentSlips } from './indent-slips.js';
import { MAX_YAML_DEPTH, tooDeep } from './yaml-depth.js';
import { MAX_ALIAS_COUNT, YAML_READ_OPTIONS } from './yaml-options.js';

/** Files larger than this are not parsed (rule `file-too-large`). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Frontmatter larger than this is not parsed (rule `file-too-large`): real frontmatter is a few KiB. */
export const MAX_FRONTMATTER_BYTES = 128 * 1024;

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
    const decoded = decodeUtf8(content);
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
    // Point where the `---` belongs: the first line that is no YAML field (the blank line before the text, the text).
    const body = /\n(?=[ \t]*\r?\n|[^\s#\-"'][^:\n]*(?:\n|$))/.exec(text.slice(split.openEnd));
    if (body) {
      const at = split.openEnd + body.index + 1;
      const eol = text.indexOf('\n', at);
      return empty(path, kind, hash, [
        {
          ...diag(
            lines.range(at, eol === -1 ? text.length : eol),
            'frontmatter-unclosed',
            'Unexpected end of the frontmatter without a closing `---` line, expected `---` on a line of its own here',
            'Add a line `---` after the last field, before the text.',
          ),
          related: [{ file: path, ...lines.range(0, split.openEnd), message: 'The frontmatter opens here' }],
        },
      ]);
    }
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

  const doc = parseDocument(split.yaml, { ...YAML_READ_OPTIONS, prettyErrors: false, keepSourceTokens: false });
  const explained = explainYaml(split.yaml, [...doc.errors, ...doc.warnings], schemaKeys());
  for (const e of explained) {
    const d: Diagnostic = { ...diag(rangeOf(e.start, e.end), e.ruleId, e.message, e.note), severity: e.severity };
    if (e.related) d.related = [{ file: path, ...rangeOf(e.related.start, e.related.end), message: e.related.message }];
    diagnostics.push(d);
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
  // A mistake YAML read without complaint but not as meant (an alias, a pasted space in the indentation) stops here too.
  if (doc.errors.length > 0 || doc.warnings.length > 0 || explained.some((e) => e.severity === 'error')) return result;
  // A line indented as the field above instead of under it reads as valid YAML with another shape: said where the
  // slip is, before the schema would speak of an empty field or an unknown key two lines away.
  const slips = indentSlips(split.yaml, doc.contents, { keys: (pointer) => keysAt(kind, pointer) });
  if (slips.length > 0) {
    for (const e of slips)
      diagnostics.push({
        ...diag(rangeOf(e.start, e.end), e.ruleId, e.message, e.note),
        severity: e.severity,
        ...(e.related ? { related: [{ file: path, ...rangeOf(e.related.start, e.related.end), message: e.related.message }] } : {}),
      });
    return result;
  }

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

const keysCache = new Map<string, readonly string[]>();

/** The schema's keys at a pointer, remembered: every file asks the same few places (`/provenance`, `/soc/0`). */
function keysAt(kind: FileKind, pointer: string): readonly string[] {
  // Items of a list share one schema; the cache stays small whatever keys a hostile file invents.
  const key = `${kind}\0${pointer.replace(/\/\d+(?=\/|$)/g, '/0')}`;
  let found = keysCache.get(key);
  if (!found) {
    if (keysCache.size >= 1024) keysCache.clear();
    keysCache.set(key, (found = allowedKeys(kind, pointer)));
  }
  return found;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
