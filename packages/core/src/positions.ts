import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { MAX_YAML_DEPTH } from './yaml-depth.js';
import type { FieldPosition, PositionMap, Range } from './types.js';

/** Positions are recorded this deep into the frontmatter; deeper values point at their ancestor. */
const MAX_POSITION_DEPTH = MAX_YAML_DEPTH;

function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Records the key and value range of every mapping entry and list item under `node`, by JSON pointer (the
 * `instancePath` ajv reports), and calls `duplicate` for a key seen twice in one mapping.
 */
export function record(
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

/** The source text of a range: only used for short scalar values in messages, on the error path. */
export function sliceRange(text: string, r: Range): string {
  const line = text.split('\n')[r.line - 1] ?? '';
  return r.line === r.endLine ? line.slice(r.column - 1, r.endColumn - 1) : line.slice(r.column - 1).trim();
}
