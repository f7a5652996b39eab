import { closest, distance } from 'fastest-levenshtein';
import { assemble } from './assemble.js';
import { cipCodeProblem } from './codes.js';
import { escapeInvisible } from './escape.js';
import { cmp } from './text.js';
import type { LoadResult } from './sources/types.js';
import type {
  ClusterNode,
  Diagnostic,
  Effective,
  FileKind,
  Framework,
  FrameworkNode,
  OverlayFrameworkFrontmatter,
  OverlayInfo,
  ParsedFile,
  ProgramNode,
  Range,
  RelatedLocation,
  Scope,
  SourceInfo,
  SubclusterNode,
} from './types.js';

// Pure: resolving an overlay against an already loaded base (the reading lives in `@ccf/core/node`'s loadOverlay).

/** The diagnostic ids overlay resolution reports (each documented in docs/rules/<id>.md). */
export const OVERLAY_RULES = [
  'overlay-base',
  'overlay-code',
  'overlay-conflict',
  'overlay-namespace',
  'overlay-parent',
  'overlay-state-node',
  'overlay-unknown-node',
] as const;
export type OverlayRuleId = (typeof OVERLAY_RULES)[number];

/** NCES CIP 2020 code form. */
const CIP_FORM = /^\d{2}\.\d{4}$/;

/** The parsed files of an overlay folder: its framework.md, node changes and programs of study. */
export interface OverlayFiles {
  framework: ParsedFile;
  nodes: ParsedFile[];
  programs: ParsedFile[];
}

/** What resolving gives: the state's effective framework and every problem found, with its place. */
export interface ResolvedOverlay {
  framework: Framework;
  diagnostics: Diagnostic[];
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
/** Point at a value rather than its key. */
const AT_VALUE = 'value' as const;

/** The kind of an overlay file from its path: framework.md, `nodes/**\/*.md`, `programs/**\/*.md`. */
export function overlayKindOf(path: string): FileKind | undefined {
  if (path === 'framework.md') return 'overlay';
  if (!path.endsWith('.md')) return undefined;
  if (path.startsWith('nodes/')) return 'overlay-node';
  if (path.startsWith('programs/')) return 'program';
  return undefined;
}

/**
 * Builds a state framework from an overlay's parsed files (kinds as `overlayKindOf` gives them) and its loaded
 * base, as `assemble` builds a national one: the listing's problems, each file's, then resolution's, sorted.
 */
export function assembleOverlay(base: Framework, parsed: ParsedFile[], info: SourceInfo, listing: Diagnostic[] = []): LoadResult {
  const files = [...parsed].sort((a, b) => cmp(a.path, b.path));
  const diagnostics = [...listing];
  for (const f of files) diagnostics.push(...f.diagnostics);
  const framework = files.find((f) => f.kind === 'overlay');
  if (!framework) {
    diagnostics.push({
      file: 'framework.md',
      ...START,
      ruleId: 'framework-missing',
      severity: 'error',
      message: 'Missing `framework.md`, expected it at the root of the overlay folder',
      note: 'An overlay’s framework.md says `extends:` and names the state.',
    });
    return { ...assemble([], info), files, diagnostics: diagnostics.sort(byPlace) };
  }
  const resolved = resolveOverlay(
    base,
    { framework, nodes: files.filter((f) => f.kind === 'overlay-node'), programs: files.filter((f) => f.kind === 'program') },
    info,
  );
  diagnostics.push(...resolved.diagnostics);
  return { framework: resolved.framework, files, orphans: [], diagnostics: diagnostics.sort(byPlace) };
}

/** Where a frontmatter key (or its value) sits, walking up to the nearest recorded place. */
export function placeIn(file: ParsedFile, pointer: string, part: 'key' | 'value' = 'key'): Range {
  let p = pointer;
  for (;;) {
    const pos = file.positions[p];
    if (pos) return (part === 'key' ? pos.key : undefined) ?? pos.value;
    if (p === '') return file.frontmatterRange ?? START;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The state namespace prefix of a state code: `XS` → `xs-`. */
export function stateNamespace(code: string): string {
  return `${code.toLowerCase()}-`;
}

/** Copies a node of the base, marked as adopted from it (children copied for a cluster). */
function adopt<T extends FrameworkNode>(node: T, baseVersion: string): T {
  const copy = { ...node, aliases: [...node.aliases], codes: { ...node.codes }, derivedFrom: [...node.derivedFrom] };
  copy.origin = 'national';
  copy.baseVersion = baseVersion;
  if (copy.type === 'cluster') (copy as ClusterNode).children = [];
  return copy;
}

interface Op {
  file: ParsedFile;
  data: Record<string, unknown>;
  id: string;
}

/**
 * Resolves an overlay against its base into one framework: the base's nodes adopted, changed or hidden as the
 * overlay's files say, the state's own nodes and programs of study added, each node with its `origin` and
 * `baseVersion`. Never throws on content: every problem is a diagnostic placed on the key that causes it, and
 * the operation at fault is left out of the result.
 */
export function resolveOverlay(base: Framework, files: OverlayFiles, info: SourceInfo): ResolvedOverlay {
  const diagnostics: Diagnostic[] = [];
  const report = (
    file: ParsedFile,
    pointer: string,
    ruleId: OverlayRuleId,
    message: string,
    note?: string,
    related?: RelatedLocation[],
    part: 'key' | 'value' = 'key',
  ): void => {
    diagnostics.push({
      file: file.path,
      ...placeIn(file, pointer, part),
      ruleId,
      severity: 'error',
      message,
      ...(note ? { note } : {}),
      ...(related?.length ? { related } : {}),
    });
  };
  const relatedAt = (file: ParsedFile, pointer: string, message: string): RelatedLocation => ({
    file: file.path,
    ...placeIn(file, pointer),
    message,
  });

  const fw = (files.framework.data ?? {}) as Partial<OverlayFrameworkFrontmatter>;
  const state: OverlayFrameworkFrontmatter['state'] =
    fw.state && typeof fw.state.code === 'string' ? fw.state : { code: 'XX', name: 'State' };
  const prefix = stateNamespace(state.code);
  const baseVersion = base.meta.version;
  const baseLabel = base.source.label;
  const baseIds = [...base.nodes.keys()];
  const didYouMean = (id: string): string | undefined => {
    if (!baseIds.length) return undefined;
    const guess = closest(id, baseIds);
    return distance(id, guess) <= Math.max(2, id.length / 3) ? `Did you mean \`${guess}\`?` : undefined;
  };

  // National ids never start with the state prefix: otherwise a state id could one day collide with a national one.
  const clash = baseIds.find((id) => id.startsWith(prefix));
  if (clash)
    report(
      files.framework,
      '/state/code',
      'overlay-namespace',
      `Unexpected state code \`${state.code}\` whose namespace \`${prefix}\` the base already uses (\`${clash}\`), expected a namespace no national id starts with`,
      'State-only ids start with the lowercase state code and a hyphen; pick a code whose prefix the national framework does not use.',
      undefined,
      AT_VALUE,
    );

  let pseudoCip: RegExp | undefined;
  if (typeof state.pseudoCip === 'string') {
    try {
      pseudoCip = new RegExp(`^(?:${state.pseudoCip})$`, 'u');
    } catch (e) {
      report(
        files.framework,
        '/state/pseudoCip',
        'overlay-code',
        `Unexpected pseudo-CIP pattern that is not a regular expression (${escapeInvisible((e as Error).message)}), expected a JavaScript regular expression`,
        'Write it as in JavaScript, e.g. "^\\\\d{2}\\\\.88\\\\d{2}$" (backslashes doubled inside YAML double quotes).',
        undefined,
        AT_VALUE,
      );
    }
  }
  const regions = new Set((state.regions ?? []).map((r) => r.code));

  // Copy the base: every node adopted until a file says otherwise.
  const clusters = new Map<string, ClusterNode>();
  const subclusters = new Map<string, SubclusterNode>();
  for (const c of base.clusters) {
    if (clusters.has(c.id)) continue;
    const copy = adopt(c, baseVersion);
    clusters.set(c.id, copy);
    for (const s of c.children) if (!subclusters.has(s.id) && !clusters.has(s.id)) subclusters.set(s.id, adopt(s, baseVersion));
  }

  // One operation per node: a second file naming the same id is refused, whatever it says.
  const ops = new Map<string, Op>();
  const sortedNodes = [...files.nodes].sort((a, b) => cmp(a.path, b.path));
  for (const file of sortedNodes) {
    if (!file.valid || !file.data || typeof file.data.id !== 'string') continue;
    const id = file.data.id;
    const first = ops.get(id);
    if (first) {
      report(
        file,
        '/id',
        'overlay-conflict',
        `Unexpected second change to \`${id}\`, expected one file per node`,
        `Merge the two files into ${first.file.path}: a node is hidden, renamed or moved by one file.`,
        [relatedAt(first.file, '/id', 'First changed here')],
        AT_VALUE,
      );
      continue;
    }
    ops.set(id, { file, data: file.data, id });
  }

  const scopeProblem = (file: ParsedFile, pointer: string, scope: unknown): void => {
    if (!scope || typeof scope !== 'object') return;
    const codes = (scope as { regional?: unknown }).regional;
    if (!Array.isArray(codes)) return;
    codes.forEach((code, i) => {
      if (typeof code === 'string' && !regions.has(code))
        report(
          file,
          `${pointer}/regional/${i}`,
          'overlay-code',
          `Unexpected region \`${code}\`, expected one declared in framework.md \`state.regions\`${regions.size ? ` (${[...regions].join(', ')})` : ''}`,
          'Declare the region under `state.regions` in the overlay’s framework.md, or correct the code.',
          undefined,
          AT_VALUE,
        );
    });
  };

  const hidden: OverlayInfo['hidden'] = [];
  const hiddenIds = new Set<string>();
  /** Parent changes to check once every state node exists: [node id, its file]. */
  const moves: Op[] = [];
  const stateNodes: Op[] = [];

  for (const op of [...ops.values()]) {
    const { file, data, id } = op;
    const national = base.nodes.get(id);
    if (!national) {
      if (!id.startsWith(prefix)) {
        ops.delete(id);
        report(
          file,
          '/id',
          'overlay-unknown-node',
          `Unexpected id \`${id}\` that ${baseLabel} does not have, expected a national id or a state id starting with \`${prefix}\``,
          didYouMean(id) ??
            `A file under nodes/ changes a national node (its id) or adds a state node (an id starting with \`${prefix}\`).`,
          undefined,
          AT_VALUE,
        );
        continue;
      }
      if (data.hidden !== undefined) {
        report(
          file,
          '/hidden',
          'overlay-conflict',
          `Unexpected \`hidden\` on state node \`${id}\`, expected it only on a national node`,
          'Delete the file to drop a state node.',
        );
      }
      if (data.kind !== 'cluster' && data.kind !== 'subcluster') {
        ops.delete(id);
        report(
          file,
          '/id',
          'overlay-state-node',
          `Missing \`kind\` on state node \`${id}\`, expected \`kind: cluster\` or \`kind: subcluster\``,
          'A state node says which level it is.',
        );
        continue;
      }
      if (typeof data.title !== 'string') {
        ops.delete(id);
        report(file, '/id', 'overlay-state-node', `Missing \`title\` on state node \`${id}\`, expected a title`, 'Add a line `title: …`.');
        continue;
      }
      if (data.kind === 'subcluster' && typeof data.parent !== 'string') {
        ops.delete(id);
        report(
          file,
          '/kind',
          'overlay-state-node',
          `Missing \`parent\` on state sub-cluster \`${id}\`, expected the id of the cluster it sits under`,
          'Add a line `parent: <cluster-id>`.',
        );
        continue;
      }
      if (data.kind === 'cluster' && data.parent !== undefined) {
        report(file, '/parent', 'overlay-parent', `Unexpected \`parent\` on state cluster \`${id}\`, expected clusters at the top level`);
      }
      stateNodes.push(op);
      continue;
    }
    // A national node.
    if (data.kind !== undefined)
      report(
        file,
        '/kind',
        'overlay-conflict',
        `Unexpected \`kind\` on national node \`${id}\`, expected it only on a state node`,
        'A national node keeps its level; remove the line.',
      );
    if (data.derivedFrom !== undefined)
      report(
        file,
        '/derivedFrom',
        'overlay-conflict',
        `Unexpected \`derivedFrom\` on national node \`${id}\`, expected lineage only on a state node`,
        `To merge or split national nodes, hide them and add a state node (\`${prefix}…\`) that says \`derivedFrom\`.`,
      );
    if (data.hidden !== undefined) {
      const others = Object.keys(data).filter((k) => k !== 'id' && k !== 'hidden');
      if (others.length || file.body.trim()) {
        const key = others[0];
        report(
          file,
          key ? `/${key}` : '/hidden',
          'overlay-conflict',
          `Unexpected ${key ? `\`${key}\`` : 'definition'} on hidden node \`${id}\`, expected a hidden node to carry only \`id\` and \`hidden\``,
          'A node is either hidden or changed (renamed, moved, recoded), not both: remove the change or the `hidden` block.',
        );
        continue;
      }
      hidden.push({
        id,
        type: national.type,
        title: national.title,
        reason: String((data.hidden as { reason?: unknown }).reason ?? ''),
        file: file.path,
      });
      hiddenIds.add(id);
      continue;
    }
    const node = national.type === 'cluster' ? clusters.get(id) : subclusters.get(id);
    if (!node) continue;
    applyChanges(node, op);
    if (data.parent !== undefined) {
      if (national.type === 'cluster')
        report(
          file,
          '/parent',
          'overlay-parent',
          `Unexpected \`parent\` on cluster \`${id}\`, expected a parent only on a sub-cluster`,
          'Clusters sit at the top level.',
        );
      else moves.push(op);
    }
    scopeProblem(file, '/scope', data.scope);
  }

  // State nodes: built after every national change, so a state sub-cluster may sit under a renamed national cluster.
  for (const op of stateNodes) {
    const { file, data, id } = op;
    const common = {
      id,
      title: data.title as string,
      aliases: Array.isArray(data.aliases) ? (data.aliases as string[]) : [],
      order: typeof data.order === 'number' ? data.order : Number.MAX_SAFE_INTEGER,
      status: 'active' as const,
      provenance: { status: 'VERIFIED' as const },
      derivedFrom: Array.isArray(data.derivedFrom) ? (data.derivedFrom as string[]) : [],
      codes: isRecord(data.codes) ? (data.codes as Record<string, string>) : {},
      definition: file.body.trim(),
      file: file.path,
      origin: 'state' as const,
      ...(data.scope !== undefined ? { scope: data.scope as Scope } : {}),
      ...(data.effective !== undefined ? { effective: data.effective as Effective } : {}),
    };
    (Array.isArray(data.derivedFrom) ? (data.derivedFrom as unknown[]) : []).forEach((from, i) => {
      if (typeof from === 'string' && !base.nodes.has(from))
        report(
          file,
          `/derivedFrom/${i}`,
          'overlay-unknown-node',
          `Unexpected \`${from}\` in \`derivedFrom\` that ${baseLabel} does not have, expected a national id`,
          didYouMean(from),
          undefined,
          AT_VALUE,
        );
    });
    scopeProblem(file, '/scope', data.scope);
    if (data.kind === 'cluster') clusters.set(id, { ...common, type: 'cluster', crossCutting: false, children: [] });
    else {
      subclusters.set(id, { ...common, type: 'subcluster', parent: data.parent as string, soc: [], cip: [], naics: [] });
      moves.push(op);
    }
  }

  // Re-parenting: follow each changed parent; a chain that comes back to where it started is a cycle.
  const parentOf = (id: string): string | undefined => subclusters.get(id)?.parent;
  const inCycle = new Set<string>();
  for (const op of moves) {
    const { file, data, id } = op;
    const parent = data.parent as string;
    const seen = [id];
    let at: string | undefined = parent;
    while (at !== undefined && subclusters.has(at) && !seen.includes(at)) {
      seen.push(at);
      at = parentOf(at);
    }
    if (at === id) {
      for (const s of seen) inCycle.add(s);
      const others = seen
        .slice(1)
        .map((s) => ops.get(s))
        .filter((o): o is Op => o !== undefined);
      report(
        file,
        '/parent',
        'overlay-parent',
        `Unexpected parent \`${parent}\` that leads back to \`${id}\` (${[...seen, id].join(' → ')}), expected a cluster`,
        'Re-parenting forms a cycle: give each sub-cluster a cluster as its parent.',
        others.map((o) => relatedAt(o.file, '/parent', `\`${o.id}\` is re-parented here`)),
      );
    }
  }
  for (const op of moves) {
    const { file, data, id } = op;
    const parent = data.parent as string;
    const node = subclusters.get(id);
    if (!node || inCycle.has(id)) {
      subclusters.delete(id);
      continue;
    }
    const problem = hiddenIds.has(parent)
      ? `Unexpected parent \`${parent}\` that this overlay hides, expected a visible cluster`
      : subclusters.has(parent)
        ? `Unexpected parent \`${parent}\`, a ${base.meta.terms.subcluster.toLowerCase()}, expected a cluster`
        : !clusters.has(parent)
          ? `Unexpected parent \`${parent}\` that neither ${baseLabel} nor this overlay has, expected a cluster id`
          : undefined;
    if (problem) {
      report(
        file,
        '/parent',
        clusters.has(parent) || subclusters.has(parent) || hiddenIds.has(parent) ? 'overlay-parent' : 'overlay-unknown-node',
        problem,
        clusters.has(parent) || subclusters.has(parent) ? undefined : (didYouMean(parent) ?? undefined),
        undefined,
        AT_VALUE,
      );
      // Left where the base had it (a national node) or out (a state node).
      if (node.origin === 'state') subclusters.delete(id);
      else node.parent = base.nodes.get(id)!.type === 'subcluster' ? (base.nodes.get(id) as SubclusterNode).parent : node.parent;
      continue;
    }
    if (node.origin !== 'state' && parent !== node.parent) {
      node.origin = 'modified';
      node.stateChanges = [...(node.stateChanges ?? []), 'parent'];
    }
    node.parent = parent;
  }

  // Hidden nodes leave; a hidden cluster must not strand a visible sub-cluster.
  for (const id of hiddenIds) {
    const node = clusters.get(id);
    if (!node) {
      subclusters.delete(id);
      continue;
    }
    const stranded = [...subclusters.values()].filter((s) => s.parent === id && !hiddenIds.has(s.id));
    const op = ops.get(id)!;
    if (stranded.length) {
      report(
        op.file,
        '/hidden',
        'overlay-parent',
        `Unexpected hidden cluster \`${id}\` with visible sub-clusters (${stranded.map((s) => `\`${s.id}\``).join(', ')}), expected them hidden or re-parented too`,
        'Hide each sub-cluster, or give it `parent:` another cluster, before hiding the cluster.',
      );
    }
    clusters.delete(id);
    for (const s of stranded) subclusters.delete(s.id);
  }

  // Programs of study.
  const programs = new Map<string, ProgramNode>();
  const programFiles = new Map<string, ParsedFile>();
  for (const file of [...files.programs].sort((a, b) => cmp(a.path, b.path))) {
    if (!file.valid || !file.data) continue;
    const d = file.data;
    const id = d.id as string;
    if (!id.startsWith(prefix)) {
      report(
        file,
        '/id',
        'overlay-namespace',
        `Unexpected program id \`${id}\`, expected a state id starting with \`${prefix}\``,
        `Programs of study are the state's own: their ids live in the state namespace (\`${prefix}${id}\`).`,
        undefined,
        AT_VALUE,
      );
      continue;
    }
    const clashFile = programFiles.get(id);
    const clashNode = clusters.has(id) || subclusters.has(id) || hiddenIds.has(id);
    if (clashFile || clashNode) {
      report(
        file,
        '/id',
        'overlay-namespace',
        `Unexpected program id \`${id}\` that ${clashFile ? 'another program' : 'a node'} already has, expected an id unique in the state framework`,
        undefined,
        clashFile ? [relatedAt(clashFile, '/id', 'First used here')] : undefined,
        AT_VALUE,
      );
      continue;
    }
    const parent = d.parent as string;
    const parentNode = subclusters.get(parent);
    if (!parentNode) {
      const known = clusters.has(parent) || hiddenIds.has(parent) || base.nodes.has(parent);
      report(
        file,
        '/parent',
        known ? 'overlay-parent' : 'overlay-unknown-node',
        hiddenIds.has(parent)
          ? `Unexpected parent \`${parent}\` that this overlay hides, expected a visible ${base.meta.terms.subcluster.toLowerCase()}`
          : clusters.has(parent)
            ? `Unexpected parent \`${parent}\`, a ${base.meta.terms.cluster.toLowerCase()}, expected a ${base.meta.terms.subcluster.toLowerCase()}`
            : known
              ? `Unexpected parent \`${parent}\` that is not in the state framework, expected a ${base.meta.terms.subcluster.toLowerCase()}`
              : `Unexpected parent \`${parent}\` that neither ${baseLabel} nor this overlay has, expected a ${base.meta.terms.subcluster.toLowerCase()} id`,
        known ? undefined : didYouMean(parent),
        undefined,
        AT_VALUE,
      );
      continue;
    }
    const cip = (d.cip as string[]) ?? [];
    cip.forEach((code, i) => {
      const problem = cipProblem(code, pseudoCip);
      if (problem) report(file, `/cip/${i}`, 'overlay-code', problem.message, problem.note, undefined, 'value');
    });
    scopeProblem(file, '/scope', d.scope);
    const program: ProgramNode = {
      id,
      type: 'program',
      title: d.title as string,
      parent,
      order: typeof d.order === 'number' ? d.order : Number.MAX_SAFE_INTEGER,
      cip,
      courses: Array.isArray(d.courses) ? (d.courses as ProgramNode['courses']) : [],
      credentials: Array.isArray(d.credentials) ? (d.credentials as string[]) : [],
      ...(d.scope !== undefined ? { scope: d.scope as Scope } : {}),
      ...(d.effective !== undefined ? { effective: d.effective as Effective } : {}),
      definition: file.body.trim(),
      file: file.path,
      origin: 'state',
    };
    programFiles.set(id, file);
    programs.set(id, program);
    (parentNode.programs ??= []).push(program);
  }

  // Assemble the tree in order: clusters by order (base order first, state after at equal order), then id.
  const byOrder = (a: { order: number; id: string }, b: { order: number; id: string }): number => a.order - b.order || cmp(a.id, b.id);
  for (const s of subclusters.values()) {
    const parent = clusters.get(s.parent);
    if (parent) parent.children.push(s);
  }
  // A state node without `order` comes after its siblings: numbered on from the largest order among them, so every
  // node has a position readers and the published schema (1–9999) accept, never the sorting placeholder.
  const numberUnordered = (list: { order: number }[]): void => {
    let next = 0;
    for (const n of list) if (n.order !== Number.MAX_SAFE_INTEGER) next = Math.max(next, n.order);
    for (const n of list) if (n.order === Number.MAX_SAFE_INTEGER) n.order = ++next;
  };
  const sorted = [...clusters.values()].sort(byOrder);
  numberUnordered(sorted);
  const nodes = new Map<string, FrameworkNode>();
  for (const c of sorted) {
    c.children.sort(byOrder);
    numberUnordered(c.children);
    nodes.set(c.id, c);
    for (const s of c.children) {
      s.programs?.sort(byOrder);
      nodes.set(s.id, s);
    }
  }
  // Programs whose parent ended up outside the tree are not in the framework either.
  for (const [id, p] of programs) if (!nodes.has(p.parent)) programs.delete(id);

  const meta = {
    ...base.meta,
    id: typeof fw.id === 'string' ? fw.id : base.meta.id,
    title: typeof fw.title === 'string' ? fw.title : base.meta.title,
    version: typeof fw.version === 'string' ? fw.version : '0.0.0',
    ...(fw.publisher ? { publisher: fw.publisher } : {}),
    ...(fw.license ? { license: fw.license } : {}),
    // The national credit line travels with every copy of the national content.
    attribution: fw.attribution ? `${fw.attribution} ${base.meta.attribution}` : base.meta.attribution,
    ...(fw.baseUrl ? { baseUrl: fw.baseUrl } : {}),
  };
  // The base's groupings, retired list and provenance describe the national content, not the state's.
  delete meta.retired;
  const framework: Framework = {
    meta,
    introduction: files.framework.body.trim() || base.introduction,
    clusters: sorted,
    nodes,
    source: info,
    overlay: {
      extends: typeof fw.extends === 'string' ? fw.extends : '',
      base: {
        id: base.meta.id,
        title: base.meta.title,
        version: baseVersion,
        label: baseLabel,
        kind: base.source.kind,
        ...(base.source.commit ? { commit: base.source.commit } : {}),
        ...(base.meta.baseUrl ? { baseUrl: base.meta.baseUrl } : {}),
      },
      state,
      hidden: hidden.sort((a, b) => (base.nodes.get(a.id)?.order ?? 0) - (base.nodes.get(b.id)?.order ?? 0) || cmp(a.id, b.id)),
      programs,
    },
  };
  return { framework, diagnostics: diagnostics.sort(byPlace) };
}

/** Applies a national node's changes (title, aliases, order, codes, scope, dates, definition) and marks it modified. */
function applyChanges(node: FrameworkNode, op: Op): void {
  const { data, file } = op;
  const changed: string[] = [];
  if (typeof data.title === 'string' && data.title !== node.title) {
    // The national title stays findable: search and crosswalks look nodes up by their aliases.
    if (!node.aliases.includes(node.title)) node.aliases.push(node.title);
    node.title = data.title;
    changed.push('title');
  }
  if (Array.isArray(data.aliases)) {
    for (const a of data.aliases) if (typeof a === 'string' && !node.aliases.includes(a)) node.aliases.push(a);
    changed.push('aliases');
  }
  if (typeof data.order === 'number') {
    node.order = data.order;
    changed.push('order');
  }
  if (isRecord(data.codes)) {
    for (const [k, v] of Object.entries(data.codes)) if (typeof v === 'string') node.codes[k] = v;
    changed.push('codes');
  }
  if (data.scope !== undefined) {
    node.scope = data.scope as Scope;
    changed.push('scope');
  }
  if (data.effective !== undefined) {
    node.effective = data.effective as Effective;
    changed.push('effective');
  }
  const body = file.body.trim();
  if (body) {
    node.definition = body;
    changed.push('definition');
  }
  if (changed.length) {
    node.origin = 'modified';
    node.stateChanges = changed;
  }
  node.file = file.path;
}

/** Why a program's CIP code is refused: neither an NCES CIP 2020 code nor the state's pseudo-code pattern. */
export function cipProblem(code: string, pseudoCip: RegExp | undefined): { message: string; note: string } | undefined {
  if (pseudoCip?.test(code)) return undefined;
  if (CIP_FORM.test(code)) {
    const problem = cipCodeProblem(code);
    return problem ? { message: problem.message, note: problem.note } : undefined;
  }
  return {
    message: `Unexpected CIP code \`${code}\`, expected an NCES CIP 2020 code \`dd.dddd\`${pseudoCip ? ' or a state pseudo-code matching `state.pseudoCip`' : ''}`,
    note: pseudoCip
      ? 'Write the six-digit code with its dot (`52.0301`), or a pseudo-code of the form framework.md declares.'
      : 'Write the six-digit code with its dot (`52.0301`); a state pseudo-code needs `state.pseudoCip` in framework.md.',
  };
}

function byPlace(a: Diagnostic, b: Diagnostic): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
