import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { mistakes, type Mistake, type MistakeVars } from './mistakes.js';
import type { Explained } from './yaml-explain.js';

/** What the schema says about a place in the frontmatter, by JSON pointer. */
export interface SlipSchema {
  /** Keys a mapping at this pointer may have (empty when it is not a mapping). */
  keys(pointer: string): readonly string[];
}

const byId = new Map(mistakes.map((m) => [m.id, m]));
const mistake = (id: string): Mistake => byId.get(id)!;

/**
 * Indentation slips that are still valid YAML: a line that belongs inside the field above (`status` under
 * `provenance:`, an occupation under `soc:`) written at the field's own indentation. YAML reads the field as empty,
 * or the line as a field of its own, and the schema would then speak of a missing or unknown key two lines away
 * from the slip. Found on the parsed document (node ranges, never a regex over lines) with the schema's keys: a
 * line counts as slipped only when its key belongs inside the field above and the place it landed in cannot hold
 * it (an empty field, a key this level does not have, or one it already has).
 */
export function indentSlips(yaml: string, root: unknown, schema: SlipSchema): Explained[] {
  const out: Explained[] = [];
  const lineStart = (offset: number): number => yaml.lastIndexOf('\n', offset - 1) + 1;
  const columnOf = (offset: number): number => offset - lineStart(offset);
  /** The line of a pair from its key to the end of its value, as written (trailing spaces and comment dropped). */
  const written = (pair: Pair): string => {
    const start = (pair.key as Node).range![0];
    const end = yaml.indexOf('\n', start);
    return yaml.slice(start, end === -1 ? undefined : end).trimEnd();
  };
  const keyOf = (pair: Pair): string | undefined => {
    const k = pair.key;
    return isScalar(k) && typeof k.value === 'string' ? k.value : undefined;
  };
  const report = (id: string, pair: Pair, vars: MistakeVars, related: Node): void => {
    const m = mistake(id);
    const [start] = (pair.key as Node).range!;
    const [rs, re] = related.range!;
    out.push({
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message!(vars),
      note: m.hint!(vars),
      start,
      end: start + written(pair).length,
      related: { start: rs, end: re, message: `\`${String((related as { value?: unknown }).value)}\` is here` },
    });
  };
  const name = (node: Node): string => String((node as { value?: unknown }).value);

  const walk = (map: YAMLMap, pointer: string): void => {
    // Asked only on a suspicious line: most files have none, and a long `soc:` list has hundreds of pairs.
    let here: readonly string[] | undefined;
    const seen = new Set<string>();
    for (let i = 0; i < map.items.length; i++) {
      const pair = map.items[i]!;
      const key = keyOf(pair);
      if (key === undefined) continue;
      const inner = `${pointer}/${escape(key)}`;
      const value = pair.value as Node | null;
      // The lines after an empty `key:` that the key's mapping or list would hold: all slipped, each told where to go.
      const empty = value === null || (isScalar(value) && value.value === null && value.range![0] === value.range![2]);
      const mapKeys = empty ? schema.keys(inner) : [];
      const itemKeys = empty ? schema.keys(`${inner}/0`) : [];
      if (mapKeys.length > 0 || itemKeys.length > 0) {
        const column = columnOf((pair.key as Node).range![0]);
        let j = i + 1;
        for (; j < map.items.length; j++) {
          const next = map.items[j]!;
          const field = keyOf(next);
          if (field === undefined || !(mapKeys.length ? mapKeys : itemKeys).includes(field)) break;
          const line = written(next);
          const first = j === i + 1;
          const fix = mapKeys.length
            ? `${' '.repeat(column + 2)}${line}`
            : `${' '.repeat(column + (first ? 2 : 4))}${first ? '- ' : ''}${line}`;
          report(
            mapKeys.length ? 'field-not-indented' : 'list-not-indented',
            next,
            { key: field, text: key, parent: key, fix },
            pair.key as Node,
          );
        }
        if (j > i + 1) {
          seen.add(key);
          i = j - 1;
          continue;
        }
      }
      // A line out-dented from the end of a block back to the block's own key: it belongs to the block when this
      // level cannot hold it.
      const prev = i > 0 ? map.items[i - 1]! : undefined;
      const prevKey = prev && keyOf(prev);
      const prevValue = prev?.value as Node | null | undefined;
      if (prev && prevKey !== undefined && isBlock(prevValue) && (seen.has(key) || !(here ??= schema.keys(pointer)).includes(key))) {
        const prevInner = `${pointer}/${escape(prevKey)}`;
        if (isMap(prevValue) && !prevValue.flow && schema.keys(prevInner).includes(key) && prevValue.items.length > 0) {
          const firstKey = prevValue.items[0]!.key as Node;
          report(
            'field-outdented',
            pair,
            { key, text: name(firstKey), parent: prevKey, fix: `${' '.repeat(columnOf(firstKey.range![0]))}${written(pair)}` },
            firstKey,
          );
          seen.add(key);
          continue;
        }
        const last = isSeq(prevValue) && !prevValue.flow ? prevValue.items.at(-1) : undefined;
        if (isMap(last) && !last.flow && schema.keys(`${prevInner}/0`).includes(key) && last.items.length > 0) {
          const firstKey = last.items[0]!.key as Node;
          const itemColumn = columnOf(firstKey.range![0]);
          // The item already has this key: the line is the next item, its dash lost with the indentation.
          const again = last.items.some((p) => keyOf(p) === key);
          report(
            again ? 'list-item-outdented' : 'item-field-outdented',
            pair,
            {
              key,
              text: again ? prevKey : name(firstKey),
              parent: prevKey,
              fix: again ? `${' '.repeat(itemColumn - 2)}- ${written(pair)}` : `${' '.repeat(itemColumn)}${written(pair)}`,
            },
            again ? (prev.key as Node) : firstKey,
          );
          seen.add(key);
          continue;
        }
      }
      seen.add(key);
      if (isMap(value)) walk(value, inner);
      else if (isSeq(value)) value.items.forEach((item, n) => isMap(item) && walk(item, `${inner}/${n}`));
    }
  };
  if (isMap(root)) walk(root, '');
  return out;
}

function escape(key: string): string {
  return /[~/]/.test(key) ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** A mapping or list written as indented lines (not `{…}` or `[…]`): what a line can slip out of. */
function isBlock(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && !node.flow;
}
