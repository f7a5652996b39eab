import { isDeepStrictEqual } from 'node:util';
import { kindOf, splitFrontmatter, YAML_READ_OPTIONS, type FileKind } from '@ccf/core';
import { parseFile, readSchema, SCHEMA_FILES } from '@ccf/core/node';
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from 'yaml';

/** Diagnostics that mean the file could not be read as intended: `ccf format` leaves such a file alone. */
const PARSE_ERRORS = new Set(['file-too-large', 'encoding', 'frontmatter-missing', 'frontmatter-unclosed', 'yaml-syntax', 'duplicate-key']);

export type FormatResult = { status: 'unchanged' | 'changed'; output: string } | { status: 'skipped'; reason: string };

type SchemaNode = Record<string, unknown>;
let schemas: { kinds: Record<FileKind, SchemaNode>; defs: Record<string, SchemaNode> } | undefined;

function loadSchemas() {
  schemas ??= {
    kinds: Object.fromEntries(Object.entries(SCHEMA_FILES).map(([kind, file]) => [kind, readSchema(file)])) as Record<FileKind, SchemaNode>,
    defs: (readSchema('common.schema.json').$defs ?? {}) as Record<string, SchemaNode>,
  };
  return schemas;
}

function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  if (typeof ref !== 'string') return node;
  return loadSchemas().defs[ref.split('/$defs/')[1] ?? ''];
}

/**
 * Strings other YAML readers would take for something else: numbers, dates and times, YAML 1.1
 * booleans and nulls. Quoted in the canonical form so any tool reads them as text.
 */
function needsQuotes(value: string): boolean {
  return value === '' || /^[-+.]?\d/.test(value) || /^(?:y|n|yes|no|on|off|true|false|null|~)$/i.test(value);
}

/** Orders a mapping's keys as its schema lists them (unknown keys after, as written) and resets styles. */
function canonical(node: YamlNode | null, schema: SchemaNode | undefined): void {
  if (!node) return;
  const s = deref(schema);
  if (isMap(node)) {
    const props = (s?.properties ?? {}) as Record<string, SchemaNode>;
    const order = Object.keys(props);
    const rank = (key: unknown): number => {
      const i = order.indexOf(String(isScalar(key) ? key.value : key));
      return i === -1 ? order.length : i;
    };
    node.items = node.items
      .map((pair, i) => ({ pair, i }))
      .sort((a, b) => rank(a.pair.key) - rank(b.pair.key) || a.i - b.i)
      .map((x) => x.pair);
    node.flow = false;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (isScalar(pair.key)) pair.key.type = Scalar.PLAIN;
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const extra = typeof s?.additionalProperties === 'object' ? (s.additionalProperties as SchemaNode) : undefined;
      canonical(pair.value as YamlNode | null, props[key] ?? extra);
    }
  } else if (isSeq(node)) {
    if (node.items.length > 0) node.flow = false;
    for (const item of node.items) canonical(item as YamlNode | null, s?.items as SchemaNode | undefined);
  } else if (isScalar(node) && typeof node.value === 'string') {
    const multiline = node.value.includes('\n') && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
    if (!multiline) node.type = needsQuotes(node.value) ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN;
  }
}

/**
 * The canonical form of a content file: frontmatter keys in schema order, block lists, plain
 * scalars except strings other YAML readers would misread (double-quoted), no line folding.
 * Comments and the Markdown body are kept; so are a BOM and CRLF line endings. A file with
 * parse errors is skipped, and so is any result that would read back differently.
 */
export function formatFile(path: string, content: string | Uint8Array): FormatResult {
  const before = parseFile(path, content);
  const broken = before.diagnostics.find((d) => PARSE_ERRORS.has(d.ruleId));
  if (broken) return { status: 'skipped', reason: `${broken.line}:${broken.column} ${broken.message} (${broken.ruleId})` };
  let text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const crlf = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1));
  const lf = crlf ? text.replace(/\r\n/g, '\n') : text;
  const split = splitFrontmatter(lf);
  if (split.kind !== 'ok') return { status: 'skipped', reason: 'no frontmatter' };

  const doc = parseDocument(split.yaml, YAML_READ_OPTIONS);
  const kind = kindOf(path) ?? before.kind;
  canonical(doc.contents as YamlNode | null, loadSchemas().kinds[kind]);
  const yaml =
    doc.contents === null ? '' : doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, singleQuote: false, directives: false });
  let output = `---\n${yaml}---\n${lf.slice(split.bodyOffset)}`;
  if (crlf) output = output.replace(/\n/g, '\r\n');
  if (bom) output = `\ufeff${output}`;

  const after = parseFile(path, output);
  if (!isDeepStrictEqual(after.data, before.data) || after.body !== before.body || after.diagnostics.length !== before.diagnostics.length)
    return { status: 'skipped', reason: 'the canonical form would read back differently (a ccf bug: please report it)' };
  const original = typeof content === 'string' ? content : new TextDecoder().decode(content);
  return { status: output === original ? 'unchanged' : 'changed', output };
}
