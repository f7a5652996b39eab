import type { Framework } from '@ccf/core';
import { allSubclusters } from '@ccf/core';

// Which clusters and sub-clusters hold an occupation (O*NET-SOC / SOC) or a program (CIP) code, per release.

export type CodeKind = 'occupation' | 'program';

/** A code as asked: a whole code, or the start of one (a prefix query). */
export interface CodeQuery {
  kind: CodeKind;
  code: string;
  prefix: boolean;
}

/** Longest code accepted in a path, in characters (the longest real code, `15-1252.00`, has 10). */
export const MAX_CODE = 16;

// O*NET-SOC `15-1252.00`, SOC 2018 `15-1252`; prefixes from the major group (`15`, `15-1`, `15-12`, `15-1252.0`).
const SOC_WHOLE = /^\d{2}-\d{4}(?:\.\d{2})?$/;
const SOC_PREFIX = /^\d{2}(?:-\d{0,4}|-\d{4}\.\d?)?$/;
// CIP 2020 `11.0701`; prefixes from the two-digit series (`11`, `11.07`).
const CIP_WHOLE = /^\d{2}\.\d{4}$/;
const CIP_PREFIX = /^\d{2}(?:\.\d{0,3})?$/;

/** Parses a code from a path; undefined when it is not one (a 400). */
export function parseCode(kind: CodeKind, raw: string): CodeQuery | undefined {
  if (raw.length > MAX_CODE) return undefined;
  const [whole, prefix] = kind === 'occupation' ? [SOC_WHOLE, SOC_PREFIX] : [CIP_WHOLE, CIP_PREFIX];
  if (whole.test(raw)) return { kind, code: raw, prefix: false };
  if (prefix.test(raw)) return { kind, code: raw, prefix: true };
  return undefined;
}

/** What a code looks like, for a 400's message. */
export const CODE_FORMAT: Record<CodeKind, string> = {
  occupation: 'an O*NET-SOC code such as `15-1252.00`, a SOC code such as `15-1252`, or the start of one such as `15-12`',
  program: 'a CIP code such as `11.0701`, or the start of one such as `11.07`',
};

/** A node holding a code. */
export interface Holder {
  id: string;
  type: 'subcluster';
  title: string;
  parent: string;
  parentTitle: string;
}

/** One code found, with the nodes of one framework that hold it. */
export interface CodeMatch {
  code: string;
  title?: string;
  heldBy: Holder[];
}

/**
 * Whether a code held in the framework answers the query. A SOC code and the O*NET-SOC codes under it are the same
 * occupation at two precisions (`15-1252` holds `15-1252.00`), so each finds the other.
 */
function answers(q: CodeQuery, held: string): boolean {
  if (q.prefix) return held.startsWith(q.code);
  if (held === q.code) return true;
  if (q.kind !== 'occupation') return false;
  const soc = (c: string): string => c.slice(0, 7);
  return soc(held) === soc(q.code) && (held.length === 7 || q.code.length === 7);
}

/** Every code of one framework that answers the query, by code, with the sub-clusters (and their clusters) holding it. */
export function lookupCodes(framework: Framework, q: CodeQuery): CodeMatch[] {
  const found = new Map<string, CodeMatch>();
  for (const s of allSubclusters(framework)) {
    const links = q.kind === 'occupation' ? s.soc : s.cip;
    for (const link of links) {
      if (!answers(q, link.code)) continue;
      let m = found.get(link.code);
      if (!m) found.set(link.code, (m = { code: link.code, ...(link.title ? { title: link.title } : {}), heldBy: [] }));
      if (!m.heldBy.some((h) => h.id === s.id))
        m.heldBy.push({
          id: s.id,
          type: 'subcluster',
          title: s.title,
          parent: s.parent,
          parentTitle: framework.nodes.get(s.parent)?.title ?? s.parent,
        });
    }
  }
  return [...found.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Every code of a kind a framework holds (for a suggestion). */
export function codesOf(framework: Framework, kind: CodeKind): string[] {
  const codes = new Set<string>();
  for (const s of allSubclusters(framework)) for (const link of kind === 'occupation' ? s.soc : s.cip) codes.add(link.code);
  return [...codes];
}

/** The known code closest to one that is not held anywhere: the longest shared start, then the nearest number. */
export function suggestCode(wanted: string, known: Iterable<string>): string | undefined {
  const digits = (c: string): number => Number(c.replace(/\D/g, '').padEnd(8, '0'));
  let best: { code: string; shared: number; distance: number } | undefined;
  for (const code of known) {
    let shared = 0;
    while (shared < code.length && code[shared] === wanted[shared]) shared++;
    const distance = Math.abs(digits(code) - digits(wanted));
    if (!best || shared > best.shared || (shared === best.shared && distance < best.distance)) best = { code, shared, distance };
  }
  return best && best.shared >= 2 ? best.code : undefined;
}
