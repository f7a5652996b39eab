import { compareVersions, type Framework, type FrameworkNode } from '@ccf/core';
import type { CrosswalkRow } from '@ccf/diff';
import type { DiffOf } from './diffs.js';
import type { LineageNode, LineagePredecessor, LineageSuccessor, Replacement } from './lineage.js';
import type { Snapshot, Store } from './store.js';

// Lineage across versions (ADR 0019): the snapshot placed among the published releases in version order, so that a
// node can say where it went in a later release and by what it was replaced, and an id that a later release dropped
// answers with its successors instead of a plain "not found".

/** One version in order: a release (`spec` `@1.0.0`) or the content the server shows (`spec` empty). */
interface Step {
  version: string;
  spec: string;
  framework: Framework;
}

export type { LineageNode, LineagePredecessor, LineageSuccessor, Replacement } from './lineage.js';

export interface History {
  /** Where a node of this snapshot went in the first later release without it; undefined when none dropped it. */
  later(id: string): Promise<Replacement | undefined>;
  /** Where an id this snapshot does not hold went: undefined when no version held it. */
  gone(id: string): Promise<Replacement | undefined>;
  /** The earlier nodes a node of this snapshot names in `derivedFrom`, by title, with their share. */
  earlier(node: FrameworkNode): Promise<LineagePredecessor[]>;
}

export interface HistoryOptions {
  store: Store;
  diffOf: DiffOf;
}

/** Lineage across the releases, computed once per snapshot (releases opened and diffs made on first use). */
export function versionHistory({ store, diffOf }: HistoryOptions): (s: Snapshot) => History {
  const histories = new WeakMap<Snapshot, History>();
  return (s) => {
    let h = histories.get(s);
    if (!h) histories.set(s, (h = historyOf(s, store, diffOf)));
    return h;
  };
}

function historyOf(s: Snapshot, store: Store, diffOf: DiffOf): History {
  let chain: Promise<{ steps: Step[]; at: number }> | undefined;
  const crosswalks = new Map<string, Promise<CrosswalkRow[]>>();

  const steps = (): Promise<{ steps: Step[]; at: number }> =>
    (chain ??= (async () => {
      const own = s.framework.source.kind === 'release' ? s.framework.source.label : undefined;
      const list: Step[] = [];
      for (const version of s.releases.map((r) => r.version).sort(compareVersions)) {
        const spec = `@${version}`;
        if (spec === own) {
          list.push({ version, spec, framework: s.framework });
          continue;
        }
        const opened = store.open ? await store.open(spec) : undefined;
        // A release that does not open (a failed integrity check) is left out: lineage skips over it.
        if (opened && 'framework' in opened) list.push({ version, spec, framework: opened.framework });
      }
      let at = list.findIndex((x) => x.spec === own);
      if (at < 0) {
        // The content (or a git ref) comes after every release of its version or below. A state framework numbers
        // its own versions: among the national releases it sits where its base does.
        const version = s.framework.overlay?.base.version ?? s.framework.meta.version;
        at = list.filter((x) => compareVersions(x.version, version) <= 0).length;
        list.splice(at, 0, { version, spec: '', framework: s.framework });
      }
      return { steps: list, at };
    })());

  const rowsBetween = (a: Step, b: Step): Promise<CrosswalkRow[]> => {
    const key = `${a.spec}\u0000${b.spec}`;
    let rows = crosswalks.get(key);
    if (!rows) {
      // Through the diff cache when the left side is a release (shared with the diff page); else straight to the store.
      rows = (
        a.spec
          ? diffOf(s, a.spec, b.spec).then((r) => r.crosswalk)
          : Promise.resolve(store.diff!(a.framework, b.framework)).then((r) => r.crosswalk)
      ).catch(() => []);
      crosswalks.set(key, rows);
    }
    return rows;
  };

  const nodeIn = (list: Step[], at: number, step: Step, n: FrameworkNode): LineageNode => {
    const parent = n.type === 'subcluster' ? step.framework.nodes.get(n.parent) : undefined;
    const here = list[at]!.framework.nodes.has(n.id);
    // Gone from the snapshot after having been in a version up to it: its page answers 410; else a newer release.
    const index = list.indexOf(step);
    return {
      id: n.id,
      title: n.title,
      type: n.type,
      ...(n.type === 'subcluster' ? { parent: n.parent, ...(parent ? { parentTitle: parent.title } : {}) } : {}),
      where: here ? 'here' : index <= at ? 'gone' : 'later',
    };
  };

  /** The successors of `id` from step `i` (the last that holds it) to step `i + 1`. */
  const replacement = async (list: Step[], at: number, i: number, id: string): Promise<Replacement | undefined> => {
    const a = list[i]!;
    const b = list[i + 1];
    if (!b) return undefined;
    const rows = (await rowsBetween(a, b)).filter((r) => r.fromId === id);
    const kept = rows.filter((r) => r.toId);
    // The last step that holds each successor, up to the snapshot (a successor may itself be gone by now).
    const successors = kept.map((r): LineageSuccessor => {
      const n = b.framework.nodes.get(r.toId!)!;
      let holder = list.indexOf(b);
      while (holder + 1 <= at && list[holder + 1]!.framework.nodes.has(n.id)) holder++;
      const step = list[Math.max(holder, list.indexOf(b))]!;
      return {
        ...nodeIn(list, at, step, step.framework.nodes.get(n.id) ?? n),
        relation: r.relation,
        share: r.share,
        shareBasis: r.shareBasis,
        partial: r.partial,
        primary: r.primary,
      };
    });
    successors.sort((x, y) => Number(y.primary) - Number(x.primary) || (y.share ?? 0) - (x.share ?? 0));
    const reason = rows.find((r) => r.primary)?.reason ?? rows[0]?.reason;
    return {
      node: nodeIn(list, at, a, a.framework.nodes.get(id)!),
      lastVersion: a.version,
      replacedIn: b.version,
      fromSpec: a.spec,
      toSpec: b.spec,
      successors,
      ...(reason ? { reason } : {}),
    };
  };

  return {
    async later(id) {
      if (!store.diff) return undefined;
      const { steps: list, at } = await steps();
      let i = at;
      while (i + 1 < list.length && list[i + 1]!.framework.nodes.has(id)) i++;
      return replacement(list, at, i, id);
    },
    async gone(id) {
      if (!store.diff || s.framework.nodes.has(id)) return undefined;
      const { steps: list, at } = await steps();
      // The newest version before the snapshot that holds it (an id only a later release has is not gone: not yet).
      let i = -1;
      for (let j = 0; j < at; j++) if (list[j]!.framework.nodes.has(id)) i = j;
      return i < 0 ? undefined : replacement(list, at, i, id);
    },
    async earlier(node) {
      const absent = node.derivedFrom.filter((id) => !s.framework.nodes.has(id));
      if (!absent.length) return [];
      const { steps: list, at } = await steps();
      const out: LineagePredecessor[] = [];
      for (const id of absent) {
        let i = -1;
        for (let j = 0; j < at; j++) if (list[j]!.framework.nodes.has(id)) i = j;
        if (i < 0) continue;
        const step = list[i]!;
        const next = list[i + 1];
        const row = next && store.diff ? (await rowsBetween(step, next)).find((r) => r.fromId === id && r.toId === node.id) : undefined;
        out.push({
          ...nodeIn(list, at, step, step.framework.nodes.get(id)!),
          version: step.version,
          share: row?.share ?? null,
          ...(row ? { relation: row.relation } : {}),
        });
      }
      return out;
    },
  };
}

/** The API's 410 body for a replaced id (schema: the `Gone` component of openapi.ts). */
export function goneJson(r: Replacement, base: string, suffix = ''): Record<string, unknown> {
  const node = (n: LineageNode): Record<string, unknown> => ({
    id: n.id,
    type: n.type,
    title: n.title,
    ...(n.parent !== undefined ? { parent: n.parent } : {}),
    ...(n.parentTitle !== undefined ? { parentTitle: n.parentTitle } : {}),
  });
  return {
    error: {
      code: 'gone',
      message: `Node \`${r.node.id}\` was replaced in version ${r.replacedIn}, expected the id of one of its successors`,
    },
    ...node(r.node),
    lastVersion: r.lastVersion,
    replacedIn: r.replacedIn,
    successors: r.successors.map((x) => ({
      ...node(x),
      present: x.where === 'here',
      // Here, or gone too (its own 410 names its successors); a node of a newer release is not served here.
      ...(x.where !== 'later' ? { href: `${base}api/v1/nodes/${x.id}${suffix}` } : {}),
      relation: x.relation,
      share: x.share,
      shareBasis: x.shareBasis,
      partial: x.partial,
      primary: x.primary,
    })),
    ...(r.reason ? { reason: r.reason } : {}),
  };
}
