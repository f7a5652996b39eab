import { idFromPath } from './layout.js';
import type { LoadResult } from './sources/types.js';
import { cmp } from './text.js';
import type {
  ClusterNode,
  Diagnostic,
  Framework,
  FrameworkFrontmatter,
  FrameworkNode,
  LinkProvenance,
  ParsedFile,
  Provenance,
  SubclusterNode,
} from './types.js';

const unknownProvenance: Provenance = { status: 'UNCERTAIN' };

export interface AssembleOptions {
  /**
   * Sub-cluster nodes already built from these very parsed files (by another version of a diff): reused, so the
   * same file gives the same object in both versions. Only for frameworks nobody mutates.
   */
  nodes?: WeakMap<ParsedFile, SubclusterNode>;
}

/** Builds the tree from parsed files: the parent is the folder, the id is the file name. */
export function assemble(
  parsed: ParsedFile[],
  info: Framework['source'],
  listing: Diagnostic[] = [],
  options: AssembleOptions = {},
): LoadResult {
  const reuse = options.nodes;
  const files = [...parsed].sort((a, b) => cmp(a.path, b.path));
  const diagnostics = [...listing];
  for (const f of files) diagnostics.push(...f.diagnostics);

  const fwFile = files.find((f) => f.kind === 'framework');
  if (!fwFile) {
    diagnostics.push({
      file: 'framework.md',
      line: 1,
      column: 1,
      ruleId: 'framework-missing',
      severity: 'error',
      message: 'Missing `framework.md`, expected it at the root of the content folder',
      note: 'It names the framework, its version, edition, license and what each level is called.',
    });
  }
  const fw = (fwFile?.data ?? {}) as Partial<FrameworkFrontmatter>;
  const meta: FrameworkFrontmatter = {
    id: str(fw.id) ?? 'framework',
    title: str(fw.title) ?? 'Untitled framework',
    version: str(fw.version) ?? '0.0.0',
    edition: str(fw.edition) ?? '',
    publisher: str(fw.publisher) ?? '',
    license: str(fw.license) ?? '',
    attribution: str(fw.attribution) ?? '',
    terms: isRecord(fw.terms)
      ? {
          cluster: str(fw.terms.cluster) ?? 'Cluster',
          subcluster: str(fw.terms.subcluster) ?? 'Sub-cluster',
          ...(str(fw.terms.grouping) ? { grouping: str(fw.terms.grouping)! } : {}),
        }
      : { cluster: 'Cluster', subcluster: 'Sub-cluster' },
    ...(str(fw.baseUrl) ? { baseUrl: str(fw.baseUrl)! } : {}),
    ...(Array.isArray(fw.groupings) ? { groupings: fw.groupings } : {}),
    ...(Array.isArray(fw.retired) ? { retired: fw.retired } : {}),
    ...(isRecord(fw.provenance) ? { provenance: fw.provenance as Provenance } : {}),
  };

  const clusters = new Map<string, ClusterNode>();
  const subclusters: { node: SubclusterNode; file: ParsedFile }[] = [];
  for (const f of files) {
    if (f.kind === 'cluster') {
      const id = idFromPath(f.path)!;
      const d = f.data ?? {};
      clusters.set(id, {
        ...common(id, f, d),
        type: 'cluster',
        crossCutting: d.crossCutting === true,
        ...(str(d.grouping) ? { grouping: str(d.grouping)! } : {}),
        children: [],
      });
    } else if (f.kind === 'subcluster') {
      const known = reuse?.get(f);
      if (known) {
        subclusters.push({ file: f, node: known });
        continue;
      }
      const id = idFromPath(f.path)!;
      const d = f.data ?? {};
      const parent = f.path.split('/')[1]!;
      const node = common(id, f, d) as SubclusterNode;
      node.type = 'subcluster';
      node.parent = parent;
      node.soc = occupations(d.soc);
      node.cip = coded(d.cip) as SubclusterNode['cip'];
      node.naics = coded(d.naics) as SubclusterNode['naics'];
      if (isRecord(d.linkProvenance)) node.linkProvenance = d.linkProvenance as LinkProvenance;
      reuse?.set(f, node);
      subclusters.push({ file: f, node });
    }
  }
  const orphans: ParsedFile[] = [];
  for (const { node, file } of subclusters) {
    const parent = clusters.get(node.parent);
    if (parent) parent.children.push(node);
    else orphans.push(file);
  }
  const byOrder = (a: FrameworkNode, b: FrameworkNode): number => a.order - b.order || cmp(a.id, b.id);
  const sorted = [...clusters.values()].sort(byOrder);
  const nodes = new Map<string, FrameworkNode>();
  for (const c of sorted) {
    c.children.sort(byOrder);
    if (!nodes.has(c.id)) nodes.set(c.id, c);
    for (const s of c.children) if (!nodes.has(s.id)) nodes.set(s.id, s);
  }
  const framework: Framework = {
    meta,
    introduction: fwFile?.body.trim() ?? '',
    clusters: sorted,
    nodes,
    source: info,
  };
  return { framework, files, orphans, diagnostics };
}

// Plain loops and objects built field by field: at 50,000 files, spreads and flatMap here cost seconds.
function common(id: string, f: ParsedFile, d: Record<string, unknown>): Omit<ClusterNode, 'type' | 'crossCutting' | 'children'> {
  const title = str(d.title) ?? id;
  const aliases = strings(d.aliases);
  const order = typeof d.order === 'number' && Number.isFinite(d.order) ? d.order : Number.MAX_SAFE_INTEGER;
  const status = d.status === 'retired' ? 'retired' : 'active';
  const retiredReason = str(d.retiredReason);
  const provenance =
    isRecord(d.provenance) && typeof d.provenance.status === 'string' ? (d.provenance as unknown as Provenance) : unknownProvenance;
  const derivedFrom = strings(d.derivedFrom);
  const codes: Record<string, string> = {};
  if (isRecord(d.codes)) for (const k of Object.keys(d.codes)) if (typeof d.codes[k] === 'string') codes[k] = d.codes[k];
  const definition = f.body.trim();
  const file = f.path;
  // Two literals keep the key order the same with and without the optional field (published JSON follows it).
  const node: Omit<ClusterNode, 'type' | 'crossCutting' | 'children'> = retiredReason
    ? { id, title, aliases, order, status, retiredReason, provenance, derivedFrom, codes, definition, file }
    : { id, title, aliases, order, status, provenance, derivedFrom, codes, definition, file };
  // Editors' notes on this version's change: read by `ccf diff`, never published (nodeFields leaves them out).
  const changeNote = str(d.changeNote);
  if (changeNote) node.changeNote = changeNote;
  if (d.changeSignificance === 'scope' || d.changeSignificance === 'wording') node.changeSignificance = d.changeSignificance;
  return node;
}

function occupations(v: unknown): SubclusterNode['soc'] {
  return coded(v, true);
}

/** `{ code, title? }` items of a link list (SOC, CIP, NAICS), keys in that order; anything else is left to the schema's diagnostics. */
function coded(v: unknown, epGrouping = false): { code: string; title?: string; epGrouping?: true }[] {
  const out: { code: string; title?: string; epGrouping?: true }[] = [];
  if (!Array.isArray(v)) return out;
  for (const s of v) {
    if (!isRecord(s) || typeof s.code !== 'string') continue;
    const item: { code: string; title?: string; epGrouping?: true } =
      typeof s.title === 'string' ? { code: s.code, title: s.title } : { code: s.code };
    if (epGrouping && s.epGrouping === true) item.epGrouping = true;
    out.push(item);
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function strings(v: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  return out;
}
function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
