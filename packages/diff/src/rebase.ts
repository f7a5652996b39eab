import type { Framework } from '@ccf/core';
import { percent } from './message.js';
import type { ChangeSet, CrosswalkRow } from './types.js';

// `ccf rebase`: a state overlay (the state's changes to national version O) re-stated against national version N,
// as a three-way merge. The national change is the crosswalk O → N; the state's change is the overlay's files.
// Pure: the CLI reads the files, and writes what this plans. The rules are ADR 0021.

/**
 * Below this share, the primary successor of a split or partly merged node is not assumed to be where a program
 * of study (or a state node's parent) goes: the state decides. ADR 0021.
 */
export const PRIMARY_SHARE_THRESHOLD = 0.8;

/** One file of an overlay, as the rebase reads it: frontmatter data, with the line and column of its keys. */
export interface RebaseInputFile {
  /** Path relative to the overlay folder, `/`-separated (`nodes/banking-services.md`). */
  file: string;
  role: 'framework' | 'node' | 'program';
  data: Record<string, unknown>;
  /** The Markdown body, trimmed (a node's state definition). */
  body: string;
  /** JSON pointer of a key (`/parent`, `/derivedFrom/0`) → where it is written. */
  places: Record<string, { line: number; column: number }>;
}

/** One change the rebase makes to a file: set a key, delete a key, or remove the file. */
export type RebaseEdit =
  | { file: string; op: 'set'; key: string; before: unknown; after: unknown; why: string }
  | { file: string; op: 'delete'; key: string; before: unknown; why: string }
  | { file: string; op: 'remove-file'; why: string }
  | { file: string; op: 'move-file'; to: string; why: string };

/** Permanent ids of what a rebase cannot decide for the state (ADR 0021). */
export const REBASE_CONFLICTS = [
  'renamed-both',
  'redefined-both',
  'moved-both',
  'hidden-split',
  'hidden-merged',
  'changed-split',
  'changed-retired',
  'merged-changes',
  'program-split',
  'program-retired',
  'parent-split',
  'parent-retired',
] as const;
export type RebaseConflictKind = (typeof REBASE_CONFLICTS)[number];

/** One decision the state must make: the worklist's row. */
export interface RebaseConflict {
  kind: RebaseConflictKind;
  file: string;
  line: number;
  column: number;
  /**
   * The JSON pointer of the frontmatter key that `line` and `column` point at (`/parent`, `/id`): where the row is
   * found again in the file as the rebase rewrites it.
   */
  key: string;
  /** The node or program of study the row is about (its id in the overlay as written). */
  id: string;
  title: string;
  /** What the nation did, in words. */
  national: string;
  /** What the state had done, in words. */
  state: string;
  /** The options, one per line in a cell. */
  choices: string[];
  /** For a node continued by several: each part with its share, occupations and CIP links, to decide by. */
  parts: string[];
  /** Left blank for the state. */
  decision: '';
}

/** What the national change does to nodes the state adopted unchanged (no file): counted by crosswalk relation. */
export interface AdoptedChange {
  relation: string;
  count: number;
  ids: string[];
}

/** The rebase of one overlay: every automatic edit, every conflict, and what the national change means. */
export interface RebasePlan {
  from: { label: string; version: string };
  to: { label: string; version: string };
  /** `extends:` as it will be written. */
  extends: string;
  edits: RebaseEdit[];
  conflicts: RebaseConflict[];
  /** National nodes the state had adopted unchanged, by what the nation did to them (not `unchanged`). */
  adopted: AdoptedChange[];
  /** Nodes new in the national version: the state framework gets them unless it hides them. */
  added: { id: string; title: string; parent: string | null }[];
}

export interface RebaseInput {
  files: RebaseInputFile[];
  /** The state prefix (`xs-`). */
  prefix: string;
  /** The crosswalk from the pinned base to the new one (`diffFrameworks(from, to)`). */
  changes: ChangeSet;
  from: Framework;
  to: Framework;
  /** `extends:` to write (the new version as the overlay names it). */
  extendsTo: string;
}

/** `Title (id) 86%`: a successor in words. */
const successor = (r: CrosswalkRow): string => `${r.toTitle} (${r.toId}) ${percent(r.share)}`;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Plans the rebase of an overlay onto a new national version. Never throws on content: conflicts are rows. */
export function planRebase(input: RebaseInput): RebasePlan {
  const { files, prefix, changes, from, to } = input;
  const successors = new Map<string, CrosswalkRow[]>();
  const predecessors = new Map<string, string[]>();
  for (const r of changes.crosswalk) {
    if (r.fromId === null) continue;
    const list = successors.get(r.fromId) ?? [];
    if (r.toId !== null) {
      list.push(r);
      predecessors.set(r.toId, [...(predecessors.get(r.toId) ?? []), r.fromId]);
    }
    successors.set(r.fromId, list);
  }
  for (const list of successors.values()) list.sort((a, b) => Number(b.primary) - Number(a.primary) || (b.share ?? 0) - (a.share ?? 0));
  const isNational = (id: string): boolean => !id.startsWith(prefix) && from.nodes.has(id);

  const edits: RebaseEdit[] = [];
  const conflicts: RebaseConflict[] = [];
  const place = (f: RebaseInputFile, key: string): { line: number; column: number } =>
    f.places[key] ?? f.places['/id'] ?? { line: 1, column: 1 };
  const occupationTitle = new Map<string, string>();
  for (const fw of [from, to])
    for (const n of fw.nodes.values())
      if (n.type === 'subcluster') for (const o of n.soc) if (o.title) occupationTitle.set(o.code, o.title);
  const partsOf = (rows: CrosswalkRow[]): string[] =>
    rows.map((r) => {
      const node = r.toId === null ? undefined : to.nodes.get(r.toId);
      const occupations = r.occupations.map((c) => (occupationTitle.get(c) ? `${c} ${occupationTitle.get(c)}` : c));
      const cip = node?.type === 'subcluster' ? node.cip.map((c) => c.code) : [];
      return `${successor(r)}${r.primary ? ', primary' : ''}: occupations ${occupations.join('; ') || 'none linked'}; CIP ${cip.join(', ') || 'none linked'}`;
    });
  const conflict = (
    f: RebaseInputFile,
    key: string,
    kind: RebaseConflictKind,
    fields: { national: string; state: string; choices: string[]; parts?: string[]; id?: string; title?: string },
  ): void => {
    const id = fields.id ?? str(f.data.id) ?? '';
    const at = place(f, key);
    conflicts.push({
      kind,
      file: f.file,
      ...at,
      key: f.places[key] ? key : '/id',
      id,
      title: fields.title ?? str(f.data.title) ?? from.nodes.get(id)?.title ?? id,
      national: fields.national,
      state: fields.state,
      choices: fields.choices,
      parts: fields.parts ?? [],
      decision: '',
    });
  };
  const nationally = (id: string, rows: CrosswalkRow[]): string =>
    rows.length === 0
      ? `${id} retired${changes.crosswalk.find((r) => r.fromId === id)?.reason ? `: ${changes.crosswalk.find((r) => r.fromId === id)!.reason}` : ''}`
      : rows.length === 1
        ? `${id} → ${successor(rows[0]!)} (${rows[0]!.relation})`
        : `${id} ${rows.some((r) => r.relation === 'merged') ? 'merged in part' : 'split'} into ${rows.map(successor).join(', ')}`;

  /**
   * Where a reference to a national cluster or sub-cluster goes: one successor, or the primary one when it takes
   * at least the threshold, or (a hint) the one the caller prefers among several.
   */
  const follow = (id: string, prefer?: string): { to?: string; rows: CrosswalkRow[]; by?: string } => {
    const rows = successors.get(id) ?? [];
    if (rows.length === 1) return { to: rows[0]!.toId!, rows };
    if (rows.length === 0) return { rows };
    if (prefer !== undefined && rows.some((r) => r.toId === prefer)) return { to: prefer, rows, by: 'where the nation put it' };
    if ((rows[0]!.share ?? 0) >= PRIMARY_SHARE_THRESHOLD)
      return { to: rows[0]!.toId!, rows, by: `primary successor, ${percent(rows[0]!.share)}` };
    return { rows };
  };

  /** Re-files a reference to `parent` under where the national change sends it, saying why (and by what rule). */
  const setParent = (f: RebaseInputFile, parent: string, to: string, t: { rows: CrosswalkRow[]; by?: string }): void =>
    void edits.push({
      file: f.file,
      op: 'set',
      key: 'parent',
      before: parent,
      after: to,
      why: `${nationally(parent, t.rows)}${t.by ? `; chosen: ${t.by}` : ''}`,
    });

  // Which new node each national node file lands on, to find two state changes that land on one node.
  const landing = new Map<string, RebaseInputFile[]>();
  const hiddenIds = new Set(files.filter((f) => f.role === 'node' && f.data.hidden !== undefined).map((f) => str(f.data.id) ?? ''));

  for (const f of files) {
    if (f.role === 'framework') {
      edits.push({
        file: f.file,
        op: 'set',
        key: 'extends',
        before: f.data.extends,
        after: input.extendsTo,
        why: `the national base moves to ${input.extendsTo}`,
      });
      continue;
    }
    const id = str(f.data.id) ?? '';
    if (f.role === 'program') {
      const parent = str(f.data.parent) ?? '';
      if (!isNational(parent)) continue;
      const rows = successors.get(parent) ?? [];
      if (rows.length === 0) {
        conflict(f, '/parent', 'program-retired', {
          national: nationally(parent, rows),
          state: `program under ${parent}`,
          choices: ['attach it to another sub-cluster (set `parent`)', 'end the program (remove the file)'],
        });
        continue;
      }
      // CIP evidence first: the one part whose steward's CIP list holds the program's codes.
      const codes = new Set((Array.isArray(f.data.cip) ? f.data.cip : []).filter((c): c is string => typeof c === 'string'));
      const byCip = rows.filter((r) => {
        const n = r.toId === null ? undefined : to.nodes.get(r.toId);
        return n?.type === 'subcluster' && n.cip.some((c) => codes.has(c.code));
      });
      let target = follow(parent);
      if (rows.length > 1 && byCip.length === 1) target = { to: byCip[0]!.toId!, rows, by: `its CIP code is linked to ${byCip[0]!.toId}` };
      if (target.to === undefined) {
        conflict(f, '/parent', 'program-split', {
          national: nationally(parent, rows),
          state: `program under ${parent} (CIP ${[...codes].join(', ')})`,
          choices: rows.map((r) => `move it to ${r.toTitle} (${r.toId})`),
          parts: partsOf(rows),
        });
        continue;
      }
      setParent(f, parent, target.to, target);
      continue;
    }

    if (!isNational(id)) {
      // A state node: its national parent and lineage follow the national change.
      const parent = str(f.data.parent);
      if (parent !== undefined && isNational(parent)) {
        const t = follow(parent);
        if (t.to !== undefined) setParent(f, parent, t.to, t);
        else
          conflict(f, '/parent', t.rows.length ? 'parent-split' : 'parent-retired', {
            national: nationally(parent, t.rows),
            state: `state ${str(f.data.kind) ?? 'node'} under ${parent}`,
            choices: t.rows.length
              ? t.rows.map((r) => `file it under ${r.toTitle} (${r.toId})`)
              : ['file it under another cluster (set `parent`)', 'make it a state cluster'],
            parts: partsOf(t.rows),
          });
      }
      const lineage = Array.isArray(f.data.derivedFrom) ? f.data.derivedFrom.filter((x): x is string => typeof x === 'string') : [];
      if (lineage.some(isNational)) {
        const next = [...new Set(lineage.flatMap((x) => (isNational(x) ? (successors.get(x) ?? []).map((r) => r.toId!) : [x])))];
        if (next.length === 0)
          edits.push({
            file: f.file,
            op: 'delete',
            key: 'derivedFrom',
            before: lineage,
            why: `every node it derives from retired: ${lineage.join(', ')}`,
          });
        else if (next.join() !== lineage.join())
          edits.push({
            file: f.file,
            op: 'set',
            key: 'derivedFrom',
            before: lineage,
            after: next,
            why: lineage.map((x) => (isNational(x) ? nationally(x, successors.get(x) ?? []) : x)).join('; '),
          });
      }
      continue;
    }

    // A state change to a national node.
    const rows = successors.get(id) ?? [];
    const hidden = f.data.hidden !== undefined;
    if (hidden) {
      if (rows.length === 0) {
        edits.push({ file: f.file, op: 'remove-file', why: `${nationally(id, rows)}: nothing left to hide` });
        continue;
      }
      if (rows.length > 1) {
        conflict(f, '/hidden', 'hidden-split', {
          national: nationally(id, rows),
          state: 'hidden',
          choices: ['hide every part (one file per part)', 'hide some parts, keep the others', 'hide nothing (remove the file)'],
          parts: partsOf(rows),
        });
        continue;
      }
      const next = rows[0]!.toId!;
      const others = (predecessors.get(next) ?? []).filter((p) => p !== id && !hiddenIds.has(p));
      if (others.length) {
        conflict(f, '/hidden', 'hidden-merged', {
          national: `${nationally(id, rows)}, with ${others.join(', ')} (shown in the state)`,
          state: 'hidden',
          choices: [`hide ${next} (and so what came from ${others.join(', ')})`, `show ${next} (remove the file)`],
          parts: partsOf(rows),
        });
        continue;
      }
      landing.set(next, [...(landing.get(next) ?? []), f]);
      if (next !== id) edits.push({ file: f.file, op: 'set', key: 'id', before: id, after: next, why: nationally(id, rows) });
      continue;
    }
    const changed = ['title', 'parent', 'codes', 'scope', 'effective', 'order', 'aliases'].filter((k) => f.data[k] !== undefined);
    const stateChange = [...changed, ...(f.body ? ['definition'] : [])].join(', ') || 'a file with no change';
    if (rows.length !== 1) {
      conflict(f, '/id', rows.length ? 'changed-split' : 'changed-retired', {
        national: nationally(id, rows),
        state: `changed ${stateChange}`,
        choices: rows.length
          ? ['apply the change to the primary part', 'apply it to each part (one file per part)', 'drop the change (remove the file)']
          : ['drop the change (remove the file)', 'keep it as a state node (a `xs-` id with `kind`, `derivedFrom`)'],
        parts: partsOf(rows),
      });
      continue;
    }
    const row = rows[0]!;
    const next = row.toId!;
    const before = from.nodes.get(id)!;
    const after = to.nodes.get(next)!;
    landing.set(next, [...(landing.get(next) ?? []), f]);
    if (next !== id) edits.push({ file: f.file, op: 'set', key: 'id', before: id, after: next, why: nationally(id, rows) });
    const title = str(f.data.title);
    if (title !== undefined && after.title !== before.title) {
      if (norm(title) === norm(after.title))
        edits.push({ file: f.file, op: 'delete', key: 'title', before: title, why: `the nation now calls it "${after.title}" too` });
      else
        conflict(f, '/title', 'renamed-both', {
          national: `renamed "${before.title}" → "${after.title}"${next !== id ? ` (${next})` : ''}`,
          state: `renamed "${before.title}" → "${title}"`,
          choices: [`keep the state's title "${title}" (as written)`, `take the national title "${after.title}" (remove \`title\`)`],
        });
    }
    if (f.body && norm(before.definition) !== norm(after.definition))
      conflict(f, '/id', 'redefined-both', {
        national: `definition changed${row.relation === 'redefined' ? ' in scope' : ''}`,
        state: 'state definition',
        choices: [
          "keep the state's definition (as written)",
          'take the national definition (empty the body)',
          'rewrite the state definition from the new national one',
        ],
      });
    const parent = str(f.data.parent);
    if (parent !== undefined && after.type === 'subcluster' && before.type === 'subcluster') {
      const nationalParents = (successors.get(before.parent) ?? []).map((r) => r.toId);
      const movedNationally = !nationalParents.includes(after.parent);
      if (movedNationally && row.relation !== 'merged')
        conflict(f, '/parent', 'moved-both', {
          national: `moved from ${before.parent} to ${after.parent}`,
          state: `moved to ${parent}`,
          choices: [`keep the state's parent ${parent}`, `take the national parent ${after.parent} (remove \`parent\`)`],
        });
      else if (isNational(parent)) {
        const t = follow(parent, after.parent);
        if (t.to === undefined)
          conflict(f, '/parent', t.rows.length ? 'parent-split' : 'parent-retired', {
            id: next,
            national: nationally(parent, t.rows),
            state: `moved to ${parent}`,
            choices: t.rows.length
              ? t.rows.map((r) => `file it under ${r.toTitle} (${r.toId})`)
              : ['file it under another cluster (set `parent`)', 'take the national parent (remove `parent`)'],
            parts: partsOf(t.rows),
          });
        else if (t.to === after.parent)
          edits.push({
            file: f.file,
            op: 'delete',
            key: 'parent',
            before: parent,
            why: `${nationally(parent, t.rows)}: the nation now files ${next} there too`,
          });
        else if (t.to !== parent) setParent(f, parent, t.to, t);
      }
    }
  }

  for (const [next, list] of landing) {
    if (list.length < 2) continue;
    // Neither file is rewritten: which one carries the state's change to the merged node is the state's choice.
    for (let i = edits.length - 1; i >= 0; i--) if (list.some((f) => f.file === edits[i]!.file)) edits.splice(i, 1);
    for (const f of list)
      conflict(f, '/id', 'merged-changes', {
        national: `${(predecessors.get(next) ?? []).join(', ')} merged into ${to.nodes.get(next)?.title ?? next} (${next})`,
        state: `${list.map((x) => `${str(x.data.id)} (${x.file})`).join(' and ')} change it`,
        choices: ['keep one file and merge the other changes into it', 'hide the merged node'],
      });
  }

  // What the nation changed in nodes the state adopts as they are.
  const touched = new Set(files.filter((f) => f.role === 'node').map((f) => str(f.data.id) ?? ''));
  const adopted = new Map<string, string[]>();
  for (const [id, rows] of successors) {
    if (touched.has(id)) continue;
    const relation =
      rows.length === 0
        ? 'retired'
        : rows.length > 1
          ? rows.some((r) => r.relation === 'merged')
            ? 'merged (partial)'
            : 'split'
          : rows[0]!.relation;
    if (relation === 'unchanged') continue;
    adopted.set(relation, [...(adopted.get(relation) ?? []), id]);
  }
  const added = changes.crosswalk
    .filter((r) => r.fromId === null && r.toId !== null)
    .map((r) => ({ id: r.toId!, title: r.toTitle ?? r.toId!, parent: r.toParent }));
  // A national node file left with nothing but its id changes nothing: removed. A file named by the old id is
  // renamed with it, so `nodes/<id>.md` keeps naming its node.
  const tidy: RebaseEdit[] = [];
  const moved = new Map<string, string>();
  for (const f of files) {
    const mine = edits.filter((e) => e.file === f.file);
    if (f.role !== 'node' || mine.length === 0 || mine.some((e) => e.op === 'remove-file')) continue;
    const deleted = new Set(mine.flatMap((e) => (e.op === 'delete' ? [e.key] : [])));
    const left = Object.keys(f.data).filter((k) => k !== 'id' && !deleted.has(k));
    const conflicted = conflicts.some((c) => c.file === f.file);
    if (left.length === 0 && !f.body && !conflicted) {
      tidy.push({ file: f.file, op: 'remove-file', why: 'the state change is now the national one: nothing left to change' });
      continue;
    }
    const idEdit = mine.find((e) => e.op === 'set' && e.key === 'id');
    const name = f.file.split('/').pop()!;
    if (idEdit?.op === 'set' && name === `${String(idEdit.before)}.md`) {
      const to = `${f.file.slice(0, -name.length)}${String(idEdit.after)}.md`;
      if (!files.some((x) => x.file === to)) {
        tidy.push({ file: f.file, op: 'move-file', to, why: 'the file is named by its id' });
        moved.set(f.file, to);
      }
    }
  }
  for (const t of tidy) {
    if (t.op === 'remove-file') for (let i = edits.length - 1; i >= 0; i--) if (edits[i]!.file === t.file) edits.splice(i, 1);
    edits.push(t);
  }
  for (const c of conflicts) c.file = moved.get(c.file) ?? c.file;
  const order = (c: RebaseConflict): string => `${c.file}\u0000${String(c.line).padStart(8, '0')}\u0000${c.kind}`;
  return {
    from: { label: changes.from.label, version: changes.from.version },
    to: { label: changes.to.label, version: changes.to.version },
    extends: input.extendsTo,
    edits,
    conflicts: conflicts.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)),
    adopted: [...adopted]
      .map(([relation, ids]) => ({ relation, count: ids.length, ids }))
      .sort((a, b) => b.count - a.count || (a.relation < b.relation ? -1 : 1)),
    added,
  };
}
