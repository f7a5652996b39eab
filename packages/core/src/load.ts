import { idFromPath, kindOf, parseFile } from './parse.js';
import { cmp } from './sources/directory.js';
import type { LoadResult, ParseCache, Source } from './sources/types.js';
import type {
  ClusterNode,
  Diagnostic,
  Framework,
  FrameworkFrontmatter,
  FrameworkNode,
  ParsedFile,
  Provenance,
  SubclusterNode,
} from './types.js';

export interface LoadOptions {
  cache?: ParseCache;
}

/** Reads a framework from any source. Never throws on content: problems are diagnostics. */
export async function loadFramework(source: Source, options: LoadOptions = {}): Promise<LoadResult> {
  if (source.kind === 'model') return source.load();
  const { entries, diagnostics } = await source.list();
  const files: ParsedFile[] = [];
  const toRead = [];
  for (const entry of entries) {
    const cached = entry.key ? options.cache?.get(entry.key, entry.path) : undefined;
    if (cached) files.push(cached);
    else toRead.push(entry);
  }
  const bytes = await source.read(toRead);
  for (const entry of toRead) {
    const content = bytes.get(entry.path);
    if (!content) {
      diagnostics.push({
        file: entry.path,
        line: 1,
        column: 1,
        ruleId: 'unreadable',
        severity: 'error',
        message: 'Unexpected unreadable file, expected to read it',
      });
      continue;
    }
    const parsed = parseFile(entry.path, content);
    if (entry.key) options.cache?.set(entry.key, entry.path, parsed);
    files.push(parsed);
  }
  return assemble(files, source.info, diagnostics);
}

const unknownProvenance: Provenance = { status: 'UNCERTAIN' };

/** Builds the tree from parsed files: the parent is the folder, the id is the file name. */
export function assemble(parsed: ParsedFile[], info: Framework['source'], listing: Diagnostic[] = []): LoadResult {
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
      note: 'It names the framework, its version, edition, licence and what each level is called.',
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
      const id = idFromPath(f.path)!;
      const d = f.data ?? {};
      const parent = f.path.split('/')[1]!;
      subclusters.push({
        file: f,
        node: {
          ...common(id, f, d),
          type: 'subcluster',
          parent,
          soc: Array.isArray(d.soc)
            ? d.soc
                .filter(isRecord)
                .flatMap((s) => (str(s.code) ? [{ code: str(s.code)!, ...(str(s.title) ? { title: str(s.title)! } : {}) }] : []))
            : [],
          cip: strings(d.cip),
        },
      });
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

function common(id: string, f: ParsedFile, d: Record<string, unknown>) {
  const status: 'active' | 'retired' = d.status === 'retired' ? 'retired' : 'active';
  return {
    id,
    title: str(d.title) ?? id,
    aliases: strings(d.aliases),
    order: typeof d.order === 'number' && Number.isFinite(d.order) ? d.order : Number.MAX_SAFE_INTEGER,
    status,
    ...(str(d.retiredReason) ? { retiredReason: str(d.retiredReason)! } : {}),
    provenance:
      isRecord(d.provenance) && typeof d.provenance.status === 'string' ? (d.provenance as unknown as Provenance) : unknownProvenance,
    derivedFrom: strings(d.derivedFrom),
    codes: isRecord(d.codes)
      ? Object.fromEntries(Object.entries(d.codes).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {},
    definition: f.body.trim(),
    file: f.path,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export { kindOf };
