import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { PublishedFramework, PublishedNodeProperties } from '../generated/published.js';
import { sha256 } from '../hash.js';
import { nodeFields } from '../model.js';
import { framework as compiledValidator } from '../generated/validate-published.js';
import type { ClusterNode, Framework, FrameworkFrontmatter, FrameworkNode, PublishedCase, SourceInfo, SubclusterNode } from '../types.js';
import { SourceError } from '../errors.js';
import { readFileBounded } from './read.js';
import type { ModelSource } from './types.js';

/** A release's framework.json or manifest.json larger than this is refused unread (the real ones are ~300 kB). */
export const MAX_RELEASE_FILE_BYTES = 64 * 1024 * 1024;

/** The framework.json format versions this reader understands. */
const FORMAT_VERSIONS = new Set([1]);

// Compiled ahead of time (scripts/gen-types.mjs): compiling this schema took 0.85 s of every process that reads a release.
const validator = compiledValidator as unknown as ValidateFunction;
function validate(data: unknown): ValidateFunction['errors'] {
  return validator(data) ? null : validator.errors;
}

/** A framework.json node's fields as the model holds them: the definition as Markdown only. */
function common(n: PublishedNodeProperties) {
  return {
    ...nodeFields(n),
    definition: n.definition.markdown,
    file: n.file,
    // A published state framework keeps where each node comes from.
    ...(n.origin !== undefined ? { origin: n.origin } : {}),
    ...(n.baseVersion !== undefined ? { baseVersion: n.baseVersion } : {}),
    ...(n.stateChanges !== undefined ? { stateChanges: n.stateChanges } : {}),
    ...(n.scope !== undefined ? { scope: n.scope } : {}),
    ...(n.effective !== undefined ? { effective: n.effective } : {}),
  };
}

/** Rebuilds the model from a published framework.json (the inverse of @ccf/publish's framework.json). */
function toFramework(p: PublishedFramework, info: SourceInfo): Framework {
  const meta: FrameworkFrontmatter = {
    id: p.id,
    title: p.title,
    version: p.version,
    edition: p.edition,
    publisher: p.publisher,
    license: p.license,
    attribution: p.attribution,
    terms: p.terms,
    ...(p.baseUrl !== undefined ? { baseUrl: p.baseUrl } : {}),
    ...(p.groupings ? { groupings: p.groupings } : {}),
    ...(p.retired ? { retired: p.retired } : {}),
    ...(p.provenance ? { provenance: p.provenance } : {}),
  };
  const clusters: ClusterNode[] = p.clusters.map((c) => ({
    ...common(c),
    type: 'cluster',
    crossCutting: c.crossCutting,
    ...(c.grouping !== undefined ? { grouping: c.grouping } : {}),
    children: c.subclusters.map((s): SubclusterNode => ({
      ...common(s),
      type: 'subcluster',
      parent: s.parent,
      soc: s.soc,
      // Releases before 2.1 list CIP codes alone, and have no NAICS links and no link provenance.
      cip: s.cip.map((c) => (typeof c === 'string' ? { code: c } : c)),
      naics: s.naics ?? [],
      ...(s.linkProvenance ? { linkProvenance: s.linkProvenance } : {}),
      ...(s.programs
        ? {
            programs: s.programs.map((p) => ({
              id: p.id,
              type: 'program' as const,
              title: p.title,
              parent: p.parent,
              order: p.order,
              cip: p.cip,
              courses: p.courses,
              credentials: p.credentials,
              ...(p.scope !== undefined ? { scope: p.scope } : {}),
              ...(p.effective !== undefined ? { effective: p.effective } : {}),
              definition: p.definition.markdown,
              file: p.file,
              origin: 'state' as const,
            })),
          }
        : {}),
    })),
  }));
  const nodes = new Map<string, FrameworkNode>();
  for (const c of clusters) {
    if (!nodes.has(c.id)) nodes.set(c.id, c);
    for (const s of c.children) if (!nodes.has(s.id)) nodes.set(s.id, s);
  }
  return { meta, introduction: p.introduction.markdown, clusters, nodes, source: info };
}

const RESTORE = 'A release is never edited by hand: restore it from git (`git restore releases/`).';

/** One file a release's manifest.json lists. */
export interface ReleaseManifestEntry {
  sha256: string;
  bytes: number;
}

/**
 * Reads `releases/<version>/manifest.json` and checks it against the `manifestSha256` that `releases/index.json`
 * (beside the folder) records for that version: the index is the trust anchor, the manifest pins every other file.
 * A missing index, index entry or manifest is an error, never a pass. Returns the listed files by name.
 */
export async function readReleaseManifest(dir: string, label: string): Promise<Map<string, ReleaseManifestEntry>> {
  const version = basename(dir);
  const indexPath = join(dirname(dir), 'index.json');
  const manifestPath = join(dir, 'manifest.json');
  const indexText = await readBounded(indexPath).then(
    (b) => new TextDecoder().decode(b),
    (e: NodeJS.ErrnoException) => {
      throw new SourceError('SOURCE_UNREADABLE', `Cannot check release \`${label}\`: cannot read ${indexPath} (${e.code ?? e.message})`, {
        hint: RESTORE,
      });
    },
  );
  let pinned: unknown;
  try {
    const index = JSON.parse(indexText) as { releases?: { version?: unknown; manifestSha256?: unknown }[] };
    pinned = Array.isArray(index.releases) ? index.releases.find((r) => r?.version === version)?.manifestSha256 : undefined;
  } catch {
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected malformed ${indexPath}, expected JSON`, { hint: RESTORE });
  }
  if (typeof pinned !== 'string' || !/^[0-9a-f]{64}$/.test(pinned))
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected release \`${label}\`: ${indexPath} has no manifestSha256 for ${version}`, {
      hint: RESTORE,
    });
  const manifestBytes = await readBounded(manifestPath).catch((e: NodeJS.ErrnoException) => {
    throw new SourceError('SOURCE_UNREADABLE', `Unexpected release \`${label}\` without ${manifestPath} (${e.code ?? e.message})`, {
      hint: RESTORE,
    });
  });
  if (sha256(manifestBytes) !== pinned)
    throw new SourceError(
      'SOURCE_BAD_RELEASE',
      `Unexpected ${manifestPath}: its SHA-256 does not match the one ${indexPath} records for ${version}`,
      { hint: RESTORE },
    );
  const files = new Map<string, ReleaseManifestEntry>();
  try {
    const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as {
      files?: { path?: unknown; sha256?: unknown; bytes?: unknown }[];
    };
    for (const f of manifest.files ?? [])
      if (typeof f.path === 'string' && typeof f.sha256 === 'string' && typeof f.bytes === 'number')
        files.set(f.path, { sha256: f.sha256, bytes: f.bytes });
  } catch {
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected malformed ${manifestPath}, expected JSON`, { hint: RESTORE });
  }
  return files;
}

/**
 * Reads a published release folder (`releases/<version>/`) back into the model, so that a release stays a
 * source (`@1.0.0`) after content/ moves on. The folder must hold framework.json and manifest.json; the manifest must
 * be the one releases/index.json pins, and framework.json must match it (see `readReleaseManifest`). Problems are
 * SourceErrors.
 */
export function releaseSource(dir: string, label: string, options: ReleaseSourceOptions = {}): ModelSource {
  const file = join(dir, 'framework.json');
  if (!existsSync(file))
    throw new SourceError('SOURCE_UNKNOWN_RELEASE', `Unknown release \`${label}\`: ${file} does not exist`, {
      hint: 'Releases are the folders in releases/ (see releases/index.json); make one with `ccf release <version>`.',
    });
  const info: SourceInfo = { label, kind: 'release' };
  return {
    kind: 'model',
    info,
    async load() {
      const bytes = readReleaseFile(file, label);
      const manifest =
        options.anchor === 'manifest' && !existsSync(join(dirname(dir), 'index.json'))
          ? await readManifestOnly(dir, label)
          : await readReleaseManifest(dir, label);
      const expected = manifest.get('framework.json')?.sha256;
      if (expected === undefined)
        throw new SourceError(
          'SOURCE_BAD_RELEASE',
          `Unexpected manifest.json in release \`${label}\` without framework.json, expected every file listed`,
          { hint: RESTORE },
        );
      if (sha256(bytes) !== expected)
        throw new SourceError(
          'SOURCE_BAD_RELEASE',
          `Unexpected framework.json in release \`${label}\`: its SHA-256 does not match manifest.json`,
          { hint: RESTORE },
        );
      let data: unknown;
      try {
        data = JSON.parse(new TextDecoder().decode(bytes));
      } catch (e) {
        throw new SourceError(
          'SOURCE_BAD_RELEASE',
          `Unexpected malformed framework.json in release \`${label}\`, expected JSON (${(e as Error).message})`,
          { cause: e },
        );
      }
      const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
      if (typeof version === 'number' && !FORMAT_VERSIONS.has(version))
        throw new SourceError(
          'SOURCE_BAD_RELEASE',
          `Unexpected framework.json format ${version} in release \`${label}\`, expected ${[...FORMAT_VERSIONS].join(' or ')}`,
          { hint: 'It was written by a newer ccf: upgrade ccf to read it.' },
        );
      const errors = validate(data);
      if (errors?.length) {
        const e = errors[0]!;
        throw new SourceError(
          'SOURCE_BAD_RELEASE',
          `Unexpected framework.json in release \`${label}\`: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}, expected the published framework schema`,
          { hint: 'See schemas/published/framework.schema.json.' },
        );
      }
      const published = data as PublishedFramework;
      if (published.source.commit !== undefined) info.commit = published.source.commit;
      if (published.source.date !== undefined) info.date = published.source.date;
      return { framework: toFramework(published, info), files: [], orphans: [], diagnostics: [] };
    },
  };
}

/**
 * The CASE identity a release folder published (its case.json, checked against its manifest as framework.json is):
 * the CFDocument, and each item by ccf id. Undefined when the release has no case.json. A state framework derived from
 * the release names these, not the ones ccf would compute today (release 1.0.0 predates per-edition documents).
 */
export async function readReleaseCase(dir: string, label: string, options: ReleaseSourceOptions = {}): Promise<PublishedCase | undefined> {
  const manifest =
    options.anchor === 'manifest' && !existsSync(join(dirname(dir), 'index.json'))
      ? await readManifestOnly(dir, label)
      : await readReleaseManifest(dir, label);
  const expected = manifest.get('case.json')?.sha256;
  if (expected === undefined) return undefined;
  const bytes = readReleaseFile(join(dir, 'case.json'), label);
  if (sha256(bytes) !== expected)
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected case.json in release \`${label}\`: its SHA-256 does not match manifest.json`, {
      hint: RESTORE,
    });
  type Link = { identifier?: unknown; uri?: unknown; title?: unknown; extensions?: { ccfId?: unknown } };
  let pkg: { CFDocument?: Link; CFItems?: Link[] };
  try {
    pkg = JSON.parse(new TextDecoder().decode(bytes)) as typeof pkg;
  } catch (e) {
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected malformed case.json in release \`${label}\`, expected JSON`, { cause: e });
  }
  const doc = pkg.CFDocument;
  if (typeof doc?.identifier !== 'string' || typeof doc.uri !== 'string' || typeof doc.title !== 'string')
    throw new SourceError(
      'SOURCE_BAD_RELEASE',
      `Unexpected case.json in release \`${label}\` without a CFDocument identifier, uri and title, expected a CASE package`,
      { hint: RESTORE },
    );
  const items = new Map<string, { identifier: string; uri: string }>();
  for (const item of Array.isArray(pkg.CFItems) ? pkg.CFItems : [])
    if (typeof item?.extensions?.ccfId === 'string' && typeof item.identifier === 'string' && typeof item.uri === 'string')
      items.set(item.extensions.ccfId, { identifier: item.identifier, uri: item.uri });
  return { document: { identifier: doc.identifier, uri: doc.uri, title: doc.title }, items };
}

export interface ReleaseSourceOptions {
  /**
   * What vouches for the folder's files. `index` (default): releases/index.json beside the folder pins
   * manifest.json. `manifest`: a published folder copied elsewhere (a state repository holds one without the
   * national index): manifest.json alone, which catches a damaged or edited framework.json, not a forged manifest.
   * The index is still used when one sits beside the folder.
   */
  anchor?: 'index' | 'manifest';
}

/** The files manifest.json lists, with no index to check it against. */
async function readManifestOnly(dir: string, label: string): Promise<Map<string, ReleaseManifestEntry>> {
  const manifestPath = join(dir, 'manifest.json');
  const bytes = await readBounded(manifestPath).catch((e: NodeJS.ErrnoException) => {
    throw new SourceError('SOURCE_UNREADABLE', `Unexpected release folder \`${label}\` without ${manifestPath} (${e.code ?? e.message})`, {
      hint: 'A published release folder holds the manifest.json `ccf publish` wrote beside framework.json.',
    });
  });
  const files = new Map<string, ReleaseManifestEntry>();
  try {
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as { files?: { path?: unknown; sha256?: unknown; bytes?: unknown }[] };
    for (const f of manifest.files ?? [])
      if (typeof f.path === 'string' && typeof f.sha256 === 'string' && typeof f.bytes === 'number')
        files.set(f.path, { sha256: f.sha256, bytes: f.bytes });
  } catch {
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected malformed ${manifestPath}, expected JSON`);
  }
  return files;
}

/** A file of a release folder, read whole only when it is a regular file within MAX_RELEASE_FILE_BYTES. */
function readReleaseFile(path: string, label: string): Uint8Array {
  const name = basename(path);
  let r;
  try {
    r = readFileBounded(path, MAX_RELEASE_FILE_BYTES);
  } catch (e) {
    throw new SourceError('SOURCE_UNREADABLE', `Cannot read release \`${label}\`: ${(e as Error).message}`, { cause: e });
  }
  if (r.ok) return r.bytes;
  if (r.problem === 'not-a-file')
    throw new SourceError('SOURCE_BAD_RELEASE', `Unexpected ${r.kind} as ${name} in release \`${label}\`, expected a regular file`, {
      hint: RESTORE,
    });
  throw new SourceError(
    'SOURCE_BAD_RELEASE',
    `Unexpected ${name} of ${r.size} bytes in release \`${label}\`, expected at most ${MAX_RELEASE_FILE_BYTES} bytes`,
    { hint: RESTORE },
  );
}

/** A small release file (index, manifest) read with the same size and file-type limits, errors as errno codes. */
async function readBounded(path: string): Promise<Uint8Array> {
  const r = readFileBounded(path, MAX_RELEASE_FILE_BYTES);
  if (r.ok) return r.bytes;
  throw Object.assign(new Error(r.problem === 'too-large' ? `${r.size} bytes, too large` : `a ${r.kind}, not a file`), {
    code: r.problem === 'too-large' ? 'EFBIG' : 'ENOTFILE',
  });
}
