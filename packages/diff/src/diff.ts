import { allNodes, cmp, type Diagnostic, type Framework, type FrameworkNode } from '@ccf/core';
import { classify } from './classify.js';
import { dice, jaccard, squash, wordDiff } from './text.js';
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

  const rows: CrosswalkRow[] = [];
  const row = (
    o: FrameworkNode | undefined,
    n: FrameworkNode | undefined,
    relation: Relation,
    skos: Skos,
    cardinality: Cardinality,
    extra: Partial<CrosswalkRow> = {},
  ): void => {
    rows.push({
      fromId: o?.id ?? null,
      fromTitle: o?.title ?? null,
      fromParent: o ? parentOf(o) : null,
      toId: n?.id ?? null,
      toTitle: n?.title ?? null,
      toParent: n ? parentOf(n) : null,
      nodeType: (n ?? o)!.type,
      relation,
      skos,
      cardinality,
      ...(o && n && o.id !== n.id ? { caseAssociation: 'replacedBy' } : {}),
      ...extra,
    });
  };

  const removed: FrameworkNode[] = [];
  const added: FrameworkNode[] = [];

  for (const o of A.values()) {
    const next = succ.get(o.id) ?? [];
    if (next.length === 0) {
      const reason = retiredReason.get(o.id);
      if (reason !== undefined) {
        add({ kind: 'retired', nodeType: o.type, fromIds: [o.id], toIds: [], ...(reason ? { reason } : {}) }, groupFor(o, 'from'));
        row(o, undefined, 'retired', '', '1:0', reason ? { reason } : {});
      } else {
        add({ kind: 'removed', nodeType: o.type, fromIds: [o.id], toIds: [] }, groupFor(o, 'from'));
        row(o, undefined, 'retired', '', '1:0');
        removed.push(o);
      }
      continue;
    }
    if (next.length > 1) {
      const first = B.get(next.find((n) => n === o.id) ?? next[0]!)!;
      add({ kind: 'split', nodeType: o.type, fromIds: [o.id], toIds: next }, groupFor(first, 'to'));
    }
    for (const nid of next) {
      const n = B.get(nid)!;
      const many = (pred.get(nid) ?? []).length > 1;
      if (next.length > 1 || many) {
        const [relation, skos, card]: [Relation, Skos, Cardinality] =
          next.length > 1 && many
            ? ['split', 'relatedMatch', 'n:n']
            : next.length > 1
              ? ['split', 'narrowMatch', '1:n']
              : ['merged', 'broadMatch', 'n:1'];
        row(o, n, relation, skos, card);
        // The part that keeps the id is still the same node: its own edits are reported too.
        if (o.id === n.id) compare(o, n);
      } else {
        const found = compare(o, n);
        const relation: Relation = found.moved
          ? 'moved'
          : found.renamed || o.id !== n.id
            ? 'renamed'
            : found.redefined
              ? 'redefined'
              : 'unchanged';
        row(o, n, relation, found.redefined ? 'closeMatch' : 'exactMatch', '1:1');
      }
    }
  }
  for (const n of B.values()) {
    const prev = pred.get(n.id) ?? [];
    if (prev.length === 0) {
      add({ kind: 'added', nodeType: n.type, fromIds: [], toIds: [n.id] }, groupFor(n, 'to'));
      row(undefined, n, 'new', '', '0:1');
      added.push(n);
    } else if (prev.length > 1) {
      add({ kind: 'merged', nodeType: n.type, fromIds: prev, toIds: [n.id] }, groupFor(n, 'to'));
    }
  }

  /** Field-by-field comparison of an old node and the node that continues it alone (or keeps its id). */
  function compare(o: FrameworkNode, n: FrameworkNode): { moved: boolean; renamed: boolean; redefined: boolean } {
    const group = groupFor(n, 'to');
    const base = { nodeType: n.type, fromIds: [o.id], toIds: [n.id] };
    const found = { moved: false, renamed: false, redefined: false };
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
      found.redefined = true;
      add(
        {
          ...base,
          kind: 'redefined',

          field: 'definition',
          before: o.definition,
          after: n.definition,
          wordDiff: wordDiff(o.definition, n.definition),
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

  // Report order within a level; classification then sorts by level, stably, so this order holds inside each.
  const kindRank = (k: ChangeKind): number => CHANGE_KINDS.indexOf(k);
  const pos = (c: Difference): number => {
    const id = c.toIds[0] ?? c.fromIds[0]!;
    return c.toIds.length ? toIndex.get(id)! : A.size + B.size + fromIndex.get(id)!;
  };
  changes.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || pos(a) - pos(b) || cmp(a.fingerprint, b.fingerprint));
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
