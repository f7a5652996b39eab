import { diskCache } from './cache.js';
import { idFromPath, kindOf, sha256 } from './parse.js';
import { cmp } from './sources/directory.js';
import type { LoadResult, ParseCache, Source, SourceEntry } from './sources/types.js';
import { parseMany } from './workers.js';
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
  /** Parsed files from earlier runs or the other side of a diff (see `memoryCache`, `diskCache`). */
  cache?: ParseCache;
  /** A folder for an on-disk parse cache (e.g. `.ccf-cache`), used when `cache` is not given. */
  cacheDir?: string;
  /** Threads to parse with when many files need parsing (default: one per core; 1 = this thread only). */
  threads?: number;
}

/** Reads a framework from any source. Never throws on content: problems are diagnostics. */
export async function loadFramework(source: Source, options: LoadOptions = {}): Promise<LoadResult> {
  if (source.kind === 'model') return source.load();
  const cache = options.cache ?? (options.cacheDir ? diskCache(options.cacheDir) : undefined);
  const { entries, diagnostics } = await source.list({ stat: cache !== undefined });
  const files: ParsedFile[] = [];
  const toRead = [];
  for (const entry of entries) {
    // A git blob SHA names the bytes; a stat signature names them as long as the file is untouched.
    const known = entry.key ?? entry.stat;
    const cached = known ? cache?.get(known, entry.path) : undefined;
    if (cached) files.push(cached);
    else toRead.push(entry);
  }
  const bytes = await source.read(toRead);
  const jobs: { entry: SourceEntry; key: string | undefined; bytes: Uint8Array }[] = [];
  for (const entry of toRead) {
    const content = bytes.get(entry.path);
    if (content && !(content instanceof Uint8Array)) {
      diagnostics.push(content);
      continue;
    }
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
    // Touched but unchanged bytes (a checkout, a save without edits) are still found by content.
    const key = entry.key ?? (cache ? sha256(content) : undefined);
    const cached = key && key !== entry.key ? cache?.get(key, entry.path) : undefined;
    if (cached) {
      if (entry.stat && key) cache?.alias?.(entry.stat, key, entry.path);
      files.push(cached);
    } else jobs.push({ entry, key, bytes: content });
  }
  const parsed = await parseMany(
    jobs.map((j) => ({ path: j.entry.path, bytes: j.bytes })),
    options.threads,
  );
  jobs.forEach(({ entry, key }, i) => {
    const file = parsed[i]!;
    if (cache && key) {
      cache.set(key, entry.path, file);
      if (entry.stat) cache.alias?.(entry.stat, key, entry.path);
    }
    files.push(file);
  });
  // A cache that cannot be written only makes the next run slower.
  await cache?.flush?.().catch(() => undefined);
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
      const node = common(id, f, d) as SubclusterNode;
      node.type = 'subcluster';
      node.parent = parent;
      node.soc = occupations(d.soc);
      node.cip = strings(d.cip);
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
  return retiredReason
    ? { id, title, aliases, order, status, retiredReason, provenance, derivedFrom, codes, definition, file }
    : { id, title, aliases, order, status, provenance, derivedFrom, codes, definition, file };
}

function occupations(v: unknown): SubclusterNode['soc'] {
  const out: SubclusterNode['soc'] = [];
  if (!Array.isArray(v)) return out;
  for (const s of v) {
    if (!isRecord(s) || typeof s.code !== 'string') continue;
    out.push(typeof s.title === 'string' ? { code: s.code, title: s.title } : { code: s.code });
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

export { kindOf };
