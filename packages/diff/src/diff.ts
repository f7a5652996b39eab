import { allNodes, cmp, type Diagnostic, type Framework, type FrameworkNode } from '@ccf/core';
import { classify } from './classify.js';
import { dice, jaccard, squash, wordDiff, wordSimilarity } from './text.js';
import {
  CHANGE_KINDS,
  type Cardinality,
  type ChangeKind,
  type ChangeSet,
  type Comparison,
  type CrosswalkRow,
  type Difference,
  type DiffOptions,
  type Relation,
  type Skos,
  type ShareBasis,
  type Significance,
  type VersionInfo,
} from './types.js';

/** Active nodes of a version in document order, first of each id. */
function activeNodes(fw: Framework): Map<string, FrameworkNode> {
  const out = new Map<string, FrameworkNode>();
  for (const n of allNodes(fw)) if (n.status === 'active' && !out.has(n.id)) out.set(n.id, n);
  return out;
}

function versionInfo(fw: Framework): VersionInfo {
  return {
    label: fw.source.label,
    version: fw.meta.version,
    ...(fw.source.commit ? { commit: fw.source.commit } : {}),
    ...(fw.source.date ? { date: fw.source.date } : {}),
    title: fw.meta.title,
    edition: fw.meta.edition,
    ...(fw.meta.baseUrl ? { baseUrl: fw.meta.baseUrl } : {}),
    terms: { cluster: fw.meta.terms.cluster, subcluster: fw.meta.terms.subcluster },
  };
}

const parentOf = (n: FrameworkNode): string | null => (n.type === 'subcluster' ? n.parent : null);

/**
 * Below this word similarity (0–1, see `wordSimilarity`) a definition rewrite changes the node's scope: fewer than
 * half of the words survive. Calibrated on the editions' own rewrites (docs/changes/definition-rescoped.md).
 */
export const SCOPE_SIMILARITY = 0.5;

/** The part of an old node that one of its successors continues. */
interface Part {
  share: number;
  basis: ShareBasis;
  /** O*NET-SOC codes of the part, sorted. */
  occupations: string[];
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const codesOf = (n: FrameworkNode): string[] => (n.type === 'subcluster' ? n.soc.map((s) => s.code) : []);

/**
 * How an old node divides among its successors: by its occupations where it has some and every successor holds
 * at least one of them; for a cluster, by its children (each weighted by its own shares, credited to the
 * successor's cluster); else an equal part each (lineage count). Successors' shares add up to 1.
 */
function sharesOf(
  o: FrameworkNode,
  next: FrameworkNode[],
  known: Map<string, Map<string, Part>>,
  B: Map<string, FrameworkNode>,
): Map<string, Part> {
  const out = new Map<string, Part>();
  const mine = new Set(codesOf(o));
  if (mine.size) {
    const overlaps = next.map((n) => codesOf(n).filter((c) => mine.has(c)));
    const total = overlaps.reduce((t, x) => t + x.length, 0);
    if (overlaps.every((x) => x.length > 0)) {
      next.forEach((n, i) =>
        out.set(n.id, { share: overlaps[i]!.length / total, basis: 'occupations', occupations: [...new Set(overlaps[i])].sort(cmp) }),
      );
      return out;
    }
  }
  if (o.type === 'cluster' && o.children.length) {
    const weight = new Map<string, number>();
    const occupations = new Map<string, Set<string>>();
    for (const c of o.children) {
      for (const [nid, part] of known.get(c.id) ?? []) {
        const n = B.get(nid);
        const into = n?.type === 'subcluster' ? n.parent : nid;
        if (!next.some((x) => x.id === into)) continue;
        weight.set(into, (weight.get(into) ?? 0) + part.share / o.children.length);
        const set = occupations.get(into) ?? new Set<string>();
        for (const code of part.occupations) set.add(code);
        occupations.set(into, set);
      }
    }
    const total = [...weight.values()].reduce((t, x) => t + x, 0);
    if (total > 0 && next.every((n) => (weight.get(n.id) ?? 0) > 0)) {
      for (const n of next)
        out.set(n.id, { share: weight.get(n.id)! / total, basis: 'children', occupations: [...(occupations.get(n.id) ?? [])].sort(cmp) });
      return out;
    }
  }
  for (const n of next)
    out.set(n.id, {
      share: 1 / next.length,
      basis: 'lineage',
      occupations: (mine.size ? codesOf(n).filter((c) => mine.has(c)) : codesOf(n)).sort(cmp),
    });
  return out;
}

/** The sentences of a lineage note (a node's `provenance.note`) that name an old node by its title. */
function lineageSentences(note: string | undefined, title: string): string | undefined {
  if (!note) return undefined;
  const named = note
    .split(/(?<=[.!?])\s+(?=[A-Z"])/)
    .filter((sentence) => sentence.includes(title))
    .join(' ');
  return named || undefined;
}

/**
 * The change set between two versions: their structural differences (`compareFrameworks`), each classified by the
 * change rule that matches it, at the level `options.changes` gives that rule or its own. Pure and deterministic.
 */
export function diffFrameworks(from: Framework, to: Framework, options: DiffOptions = {}): ChangeSet {
  return classify(compareFrameworks(from, to, options), options.changes);
}

/**
 * What differs between two versions of a framework, with no policy: no levels, no rule ids. Nodes are matched by
 * id, then by `derivedFrom` (lineage the editor stated); the shape of those links gives rename, split, merge and
 * replacement. Text similarity between a removed and an added node only ever produces a warning.
 */
export function compareFrameworks(from: Framework, to: Framework, options: Omit<DiffOptions, 'changes'> = {}): Comparison {
  const titleThreshold = options.titleSimilarity ?? 0.75;
  const definitionThreshold = options.definitionSimilarity ?? 0.6;
  const scopeThreshold = options.scopeSimilarity ?? SCOPE_SIMILARITY;
  const A = activeNodes(from);
  const B = activeNodes(to);
  const fromIndex = new Map([...A.keys()].map((id, i) => [id, i]));
  const toIndex = new Map([...B.keys()].map((id, i) => [id, i]));
  const byFrom = (a: string, b: string): number => fromIndex.get(a)! - fromIndex.get(b)!;
  const byTo = (a: string, b: string): number => toIndex.get(a)! - toIndex.get(b)!;
  const warnings: Diagnostic[] = [];
  const warn = (node: FrameworkNode, ruleId: string, message: string, note: string): void => {
    warnings.push({ file: node.file, line: 1, column: 1, ruleId, severity: 'warning', message, note });
  };

  // Why nodes that stop here stop: framework.md's `retired` list, or a node kept with `status: retired`.
  const retiredReason = new Map<string, string>();
  for (const r of to.meta.retired ?? []) retiredReason.set(r.id, r.reason);
  for (const n of allNodes(to)) if (n.status === 'retired' && !retiredReason.has(n.id)) retiredReason.set(n.id, n.retiredReason ?? '');

  // Lineage edges old → new: the same id, plus each `derivedFrom` newly stated in this version.
  const succ = new Map<string, string[]>();
  const pred = new Map<string, string[]>();
  const link = (o: string, n: string): void => {
    if (succ.get(o)?.includes(n)) return;
    succ.set(o, [...(succ.get(o) ?? []), n]);
    pred.set(n, [...(pred.get(n) ?? []), o]);
  };
  for (const n of B.values()) {
    if (A.has(n.id)) link(n.id, n.id);
    const before = A.get(n.id);
    for (const d of n.derivedFrom) {
      if (d === n.id) continue;
      // Lineage already stated in the old version is history, not a change now.
      if (before?.derivedFrom.includes(d)) continue;
      if (A.has(d)) link(d, n.id);
      else if (!from.nodes.has(d))
        warn(
          n,
          'derived-from-unknown',
          `Unexpected \`derivedFrom: ${d}\` on \`${n.id}\`, expected an id of the version it is compared with (${from.source.label})`,
          `Check the spelling of \`${d}\`; lineage to a node that is not in ${from.source.label} is ignored.`,
        );
    }
  }
  for (const ns of succ.values()) ns.sort(byTo);
  for (const os of pred.values()) os.sort(byFrom);
  for (const id of retiredReason.keys()) {
    const node = A.get(id);
    const next = succ.get(id);
    if (node && next?.length && to.meta.retired?.some((r) => r.id === id))
      warn(
        node,
        'retired-with-successor',
        `Unexpected \`${id}\` in framework.md's \`retired\`, expected only nodes no other node continues`,
        `${next.join(', ')} derive${next.length === 1 ? 's' : ''} from it: remove it from \`retired\`, or the \`derivedFrom\`.`,
      );
  }

  const changes: Difference[] = [];
  const clusterTitle = (id: string): string => (B.get(id) ?? A.get(id))?.title ?? id;
  const groupFor = (n: FrameworkNode, side: 'from' | 'to'): { cluster: string; clusterTitle: string } => {
    const id = n.type === 'cluster' ? n.id : n.parent;
    const fw = side === 'to' ? B : A;
    return { cluster: id, clusterTitle: fw.get(id)?.title ?? clusterTitle(id) };
  };
  const add = (c: Omit<Difference, 'fingerprint' | 'cluster' | 'clusterTitle'>, group: { cluster: string; clusterTitle: string }): void => {
    changes.push({ ...c, ...group, fingerprint: `${c.kind}:${c.field ?? ''}:${c.fromIds.join(',')}>${c.toIds.join(',')}` });
  };

  const titleIn = (fw: Map<string, FrameworkNode>, id: string | null): string | null => (id === null ? null : (fw.get(id)?.title ?? null));
  const rows: CrosswalkRow[] = [];
  const row = (
    o: FrameworkNode | undefined,
    n: FrameworkNode | undefined,
    relation: Relation,
    cardinality: Cardinality,
    extra: Partial<CrosswalkRow> = {},
  ): void => {
    const part = o && n ? parts.get(o.id)!.get(n.id)! : undefined;
    const fromParent = o ? parentOf(o) : null;
    const toParent = n ? parentOf(n) : null;
    const reason = o && n ? reasonFor(o, n) : undefined;
    rows.push({
      fromId: o?.id ?? null,
      fromTitle: o?.title ?? null,
      fromParent,
      fromParentTitle: titleIn(A, fromParent),
      toId: n?.id ?? null,
      toTitle: n?.title ?? null,
      toParent,
      toParentTitle: titleIn(B, toParent),
      nodeType: (n ?? o)!.type,
      relation,
      skos: o && n ? skosOf(o, n) : '',
      cardinality,
      share: part ? round(part.share) : null,
      shareBasis: part ? part.basis : null,
      partial: part ? part.share < 1 : false,
      primary: o && n ? primaryOf.get(o.id) === n.id : false,
      occupations: part?.occupations ?? [],
      ...(o && n && o.id !== n.id ? { caseAssociation: 'replacedBy' } : {}),
      ...(reason ? { reason } : {}),
      ...extra,
    });
  };

  // How much of each old node goes to each of its successors; sub-clusters first, clusters count their children.
  const parts = new Map<string, Map<string, Part>>();
  const olds = [...A.values()];
  for (const o of [...olds.filter((x) => x.type !== 'cluster'), ...olds.filter((x) => x.type === 'cluster')]) {
    const next = succ.get(o.id) ?? [];
    if (next.length)
      parts.set(
        o.id,
        sharesOf(
          o,
          next.map((id) => B.get(id)!),
          parts,
          B,
        ),
      );
  }
  const primaryOf = new Map<string, string>();
  for (const [oid, p] of parts) {
    let best: string | undefined;
    for (const [nid, part] of p) {
      const b = best === undefined ? undefined : p.get(best)!;
      // Ties: the successor that keeps the id, then the first in framework order (`next` is in that order).
      if (!b || part.share > b.share + 1e-9 || (Math.abs(part.share - b.share) <= 1e-9 && nid === oid)) best = nid;
    }
    primaryOf.set(oid, best!);
  }
  // A new node's core predecessors: the old nodes it continues most of (their primary successor, share over half).
  const core = new Map<string, string[]>();
  for (const [oid, nid] of primaryOf)
    if (parts.get(oid)!.get(nid)!.share > 0.5) core.set(nid, [...(core.get(nid) ?? []), oid].sort(byFrom));
  const coreCount = (nid: string): number => core.get(nid)?.length ?? 0;
  /** An old node continued by several nodes, most of it merged with others into its primary successor. */
  const mostlyMerged = (oid: string): boolean => {
    const p = primaryOf.get(oid);
    return p !== undefined && (succ.get(oid)?.length ?? 0) > 1 && parts.get(oid)!.get(p)!.share > 0.5 && coreCount(p) >= 2;
  };

  // SKOS from what each side holds of the other: the whole old node or a part, a new node with or without more.
  const skosOf = (o: FrameworkNode, n: FrameworkNode): Skos => {
    const whole = parts.get(o.id)!.get(n.id)!.share >= 1;
    const more = (pred.get(n.id) ?? []).length > 1;
    if (whole) return more ? 'broadMatch' : rescoped.has(`${o.id}>${n.id}`) ? 'closeMatch' : 'exactMatch';
    return more ? 'relatedMatch' : 'narrowMatch';
  };
  const reasonFor = (o: FrameworkNode, n: FrameworkNode): string | undefined => {
    const before = A.get(n.id);
    // A note already in the old version explained an earlier change.
    if (n.changeNote && n.changeNote !== before?.changeNote) return n.changeNote;
    if (o.id === n.id) return undefined;
    return lineageSentences(n.provenance.note, o.title);
  };

  /** A new node as the report shows it; `codes` narrows its occupations to a split part's. */
  const shown = (n: FrameworkNode, part?: Part): NonNullable<Difference['nodes']>[number] => {
    const soc = n.type === 'subcluster' ? n.soc : [];
    const codes = part ? new Set(part.occupations) : undefined;
    return {
      id: n.id,
      title: n.title,
      definition: n.definition,
      ...(part ? { share: round(part.share) } : {}),
      occupations: (codes ? soc.filter((x) => codes.has(x.code)) : soc).map((x) => ({ ...x })),
    };
  };
  /** Old → new pairs whose definition's scope changed (`compare`). */
  const rescoped = new Set<string>();
  const removed: FrameworkNode[] = [];
  const added: FrameworkNode[] = [];

  for (const o of A.values()) {
    const next = succ.get(o.id) ?? [];
    if (next.length === 0) {
      const reason = retiredReason.get(o.id);
      if (reason !== undefined) {
        add({ kind: 'retired', nodeType: o.type, fromIds: [o.id], toIds: [], ...(reason ? { reason } : {}) }, groupFor(o, 'from'));
        row(o, undefined, 'retired', '1:0', reason ? { reason } : {});
      } else {
        add({ kind: 'removed', nodeType: o.type, fromIds: [o.id], toIds: [] }, groupFor(o, 'from'));
        row(o, undefined, 'retired', '1:0');
        removed.push(o);
      }
      continue;
    }
    const merged = mostlyMerged(o.id);
    if (next.length > 1 && !merged) {
      // Listed with its primary successor: where most of it went.
      const first = B.get(primaryOf.get(o.id)!)!;
      const mine = parts.get(o.id)!;
      add(
        { kind: 'split', nodeType: o.type, fromIds: [o.id], toIds: next, nodes: next.map((id) => shown(B.get(id)!, mine.get(id))) },
        groupFor(first, 'to'),
      );
    }
    for (const nid of next) {
      const n = B.get(nid)!;
      const many = (pred.get(nid) ?? []).length > 1;
      const card: Cardinality = next.length > 1 && many ? 'n:n' : next.length > 1 ? '1:n' : many ? 'n:1' : '1:1';
      if (next.length > 1 || coreCount(nid) >= 2) {
        const relation: Relation =
          (next.length === 1 || (merged && primaryOf.get(o.id) === nid)) && coreCount(nid) >= 2 ? 'merged' : 'split';
        // The part that keeps the id is still the same node: its own edits are reported too.
        if (o.id === n.id) compare(o, n);
        row(o, n, relation, card);
      } else {
        const found = compare(o, n);
        const relation: Relation = found.moved
          ? 'moved'
          : found.renamed
            ? 'renamed'
            : o.id !== n.id
              ? 'id-changed'
              : found.significance === 'scope'
                ? 'redefined'
                : 'unchanged';
        row(o, n, relation, card);
      }
    }
  }
  for (const n of B.values()) {
    const prev = pred.get(n.id) ?? [];
    if (prev.length === 0) {
      add({ kind: 'added', nodeType: n.type, fromIds: [], toIds: [n.id], nodes: [shown(n)] }, groupFor(n, 'to'));
      row(undefined, n, 'new', '0:1');
      added.push(n);
    } else if (coreCount(n.id) >= 2) {
      add({ kind: 'merged', nodeType: n.type, fromIds: core.get(n.id)!, toIds: [n.id], nodes: [shown(n)] }, groupFor(n, 'to'));
    }
  }

  /** Field-by-field comparison of an old node and the node that continues it alone (or keeps its id). */
  function compare(o: FrameworkNode, n: FrameworkNode): { moved: boolean; renamed: boolean; significance?: Significance } {
    const group = groupFor(n, 'to');
    const base = { nodeType: n.type, fromIds: [o.id], toIds: [n.id] };
    const found: { moved: boolean; renamed: boolean; significance?: Significance } = { moved: false, renamed: false };
    // One object on both sides: the same file, unchanged between the versions (`loadFrameworkPair`).
    if (o === n) return found;
    if (o.id !== n.id) {
      add({ ...base, kind: 'renamed', field: 'id', before: o.id, after: n.id }, group);
    }
    if (o.title !== n.title) {
      found.renamed = true;
      add({ ...base, kind: 'renamed', field: 'title', before: o.title, after: n.title }, group);
    }
    listChange(o.aliases, n.aliases, (addedA, removedA) =>
      add({ ...base, kind: 'renamed', field: 'aliases', added: addedA, removed: removedA }, group),
    );
    if (o.type === 'subcluster' && n.type === 'subcluster' && o.parent !== n.parent && !(pred.get(n.parent) ?? []).includes(o.parent)) {
      found.moved = true;
      add({ ...base, kind: 'moved', field: 'parent', before: o.parent, after: n.parent }, group);
    }
    // Equal strings first: normalizing every definition of a large framework is the slowest step otherwise.
    if (o.definition !== n.definition && squash(o.definition) !== squash(n.definition)) {
      const parts = wordDiff(o.definition, n.definition);
      const similarity = round(wordSimilarity(parts));
      // The editor's word, stated in this version, outweighs the measure.
      const stated = n.changeSignificance !== undefined && (n.changeSignificance !== o.changeSignificance || n.changeNote !== o.changeNote);
      const significance: Significance = stated ? n.changeSignificance! : similarity < scopeThreshold ? 'scope' : 'wording';
      found.significance = significance;
      if (significance === 'scope') rescoped.add(`${o.id}>${n.id}`);
      add(
        {
          ...base,
          kind: 'redefined',
          field: 'definition',
          before: o.definition,
          after: n.definition,
          wordDiff: parts,
          similarity,
          significance,
          significanceSource: stated ? 'editor' : 'similarity',
        },
        group,
      );
    }
    if (o.type === 'subcluster' && n.type === 'subcluster')
      for (const field of ['soc', 'cip', 'naics'] as const)
        linkChange(o[field], n[field], (a, r) => add({ ...base, kind: 'field-changed', field, added: a, removed: r }, group));
    const schemes = [...new Set([...Object.keys(o.codes), ...Object.keys(n.codes)])].filter((k) => o.codes[k] !== n.codes[k]).sort(cmp);
    for (const k of schemes)
      if (o.codes[k] !== n.codes[k])
        add(
          {
            ...base,
            kind: 'field-changed',

            field: `codes.${k}`,
            ...(o.codes[k] !== undefined ? { before: o.codes[k] } : {}),
            ...(n.codes[k] !== undefined ? { after: n.codes[k] } : {}),
          },
          group,
        );
    if (o.type === 'cluster' && n.type === 'cluster') {
      if (o.crossCutting !== n.crossCutting)
        add({ ...base, kind: 'field-changed', field: 'crossCutting', before: o.crossCutting, after: n.crossCutting }, group);
      if ((o.grouping ?? null) !== (n.grouping ?? null))
        add({ ...base, kind: 'field-changed', field: 'grouping', before: o.grouping ?? null, after: n.grouping ?? null }, group);
    }
    // Order only changes where a node is listed; a renumbering ripple must not read as a breaking change.
    if (o.order !== n.order && o.id === n.id)
      add({ ...base, kind: 'field-changed', field: 'order', before: o.order, after: n.order }, group);
    return found;
  }

  // Similar text between a removed and an added node is a hint for a human, never a decision.
  for (const n of added)
    for (const o of removed) {
      if (o.type !== n.type) continue;
      const t = dice(o.title, n.title);
      const d = o.definition && n.definition ? jaccard(o.definition, n.definition) : 0;
      if (t >= titleThreshold || d >= definitionThreshold)
        warn(
          n,
          'possible-rename',
          `Possible rename: \`${o.id}\` (${o.title}) was removed and \`${n.id}\` (${n.title}) added, with similar ${t >= titleThreshold ? 'titles' : 'definitions'}`,
          `If \`${n.id}\` continues \`${o.id}\`, add \`derivedFrom: [${o.id}]\` to ${n.file}; if it is the same node, keep the id \`${o.id}\` and change only the title.`,
        );
    }

  // Report order within a level: framework order (the new version's, then nodes only the old one has), then kind.
  // Classification sorts by level, stably, so this order holds inside each.
  const kindRank = (k: ChangeKind): number => CHANGE_KINDS.indexOf(k);
  const pos = (c: Difference): number => {
    const id = c.kind === 'split' ? primaryOf.get(c.fromIds[0]!)! : (c.toIds[0] ?? c.fromIds[0]!);
    return c.toIds.length ? toIndex.get(id)! : A.size + B.size + fromIndex.get(id)!;
  };
  changes.sort((a, b) => pos(a) - pos(b) || kindRank(a.kind) - kindRank(b.kind) || cmp(a.fingerprint, b.fingerprint));
  const rowPos = (r: CrosswalkRow): [number, number] => [
    r.fromId !== null ? fromIndex.get(r.fromId)! : A.size,
    r.toId !== null ? toIndex.get(r.toId)! : -1,
  ];
  rows.sort((a, b) => {
    const [a1, a2] = rowPos(a);
    const [b1, b2] = rowPos(b);
    return a1 - b1 || a2 - b2;
  });
  warnings.sort((a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message));

  return { from: versionInfo(from), to: versionInfo(to), differences: changes, crosswalk: rows, warnings };
}

/** Same codes in the same order (the common case): no need to compare as sets. */
function sameCodes(a: { code: string }[], b: { code: string }[]): boolean {
  return a.length === b.length && a.every((x, i) => x.code === b[i]!.code);
}

/** A link list (`soc`, `cip`, `naics`) compared by code: the links only in the new list and only in the old one, by code. */
function linkChange<L extends { code: string }>(before: L[], after: L[], report: (added: L[], removed: L[]) => void): void {
  if (sameCodes(before, after)) return;
  const a = new Set(before.map((l) => l.code));
  const b = new Set(after.map((l) => l.code));
  const byCode = (x: L, y: L): number => cmp(x.code, y.code);
  const added = after.filter((l) => !a.has(l.code)).sort(byCode);
  const removed = before.filter((l) => !b.has(l.code)).sort(byCode);
  if (added.length || removed.length) report(added, removed);
}

function listChange(before: string[], after: string[], report: (added: string[], removed: string[]) => void): void {
  if (before.length === after.length && before.every((x, i) => x === after[i])) return;
  const a = new Set(before);
  const b = new Set(after);
  const added = after.filter((x) => !a.has(x)).sort(cmp);
  const removed = before.filter((x) => !b.has(x)).sort(cmp);
  if (added.length || removed.length) report(added, removed);
}
