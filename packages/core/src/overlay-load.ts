import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { assemble } from './assemble.js';
import { splitFrontmatter } from './frontmatter.js';
import { CcfError, SourceError } from './errors.js';
import { badName, isIdName } from './layout.js';
import { loadFramework, type LoadOptions } from './load.js';
import { assembleOverlay, placeIn } from './overlay.js';
import { MAX_FILE_BYTES, fileTooLarge, parseFile } from './parse.js';
import { cmp } from './text.js';
import type { Diagnostic, FileKind, Framework, ParsedFile, PublishedCase, SourceInfo } from './types.js';
import { compareVersions, isVersion } from './version.js';
import { directorySource } from './sources/directory.js';
import { gitSource } from './sources/git.js';
import { kindName, readFileBounded } from './sources/read.js';
import { readReleaseCase, releaseSource, type ReleaseSourceOptions } from './sources/release.js';
import type { LoadResult, ModelSource, Source } from './sources/types.js';

export interface OverlayOptions extends LoadOptions {
  /** The repository ccf runs in: `@x.y.z` reads its `releases/`, a git ref its history. */
  repoRoot: string;
  /** Where `@x.y.z` releases live instead of `<repoRoot>/releases` (`--releases <dir>`). */
  releasesDir?: string;
}

/** A loaded overlay: the state's effective framework, the overlay's own files, and the base it resolved against. */
export interface OverlayLoadResult extends LoadResult {
  /** The national framework `extends:` names; absent when it could not be loaded (an `overlay-base` error says why). */
  base?: Framework;
}

/** Folders of an overlay and the kind of file each holds. */
const FOLDERS: [string, FileKind][] = [
  ['nodes', 'overlay-node'],
  ['programs', 'program'],
];
/** Overlay files sit at most this deep below `nodes/` or `programs/` (a state may group them in folders). */
const MAX_DEPTH = 4;

/** Whether a folder is a state overlay: its framework.md has an `extends:` key. */
export function isOverlayFolder(dir: string): boolean {
  const path = join(dir, 'framework.md');
  try {
    if (!lstatSync(path).isFile()) return false;
    const r = readFileBounded(path, MAX_FILE_BYTES);
    if (!r.ok) return false;
    // Most folders are national content: a frontmatter that cannot spell `extends` (not even through a YAML escape)
    // needs no YAML parse and no validation, which were a sixth of a whole `ccf lint` of content/ on a warm cache.
    const split = splitFrontmatter(new TextDecoder().decode(r.bytes));
    if (split.kind !== 'ok' || (!split.yaml.includes('extends') && !split.yaml.includes('\\'))) return false;
    const data = parseFile('framework.md', r.bytes, 'overlay').data;
    return data !== undefined && 'extends' in data;
  } catch {
    return false;
  }
}

/** Lists and parses an overlay folder's files; symlinks and odd entries become diagnostics, never followed. */
function readOverlayFiles(root: string): { parsed: ParsedFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const parsed: ParsedFile[] = [];
  const read = (path: string, kind: FileKind): void => {
    try {
      const r = readFileBounded(join(root, path), MAX_FILE_BYTES);
      if (r.ok) parsed.push(parseFile(path, r.bytes, kind));
      else
        diagnostics.push(
          r.problem === 'too-large'
            ? fileTooLarge(path, r.size)
            : {
                file: path,
                ...at1,
                ruleId: 'not-a-file',
                severity: 'error',
                message: `Unexpected ${r.kind} named \`${path}\`, expected a Markdown file`,
              },
        );
    } catch {
      // Missing: assembleOverlay reports a missing framework.md; a node file that vanished since listing is unreadable.
      if (path !== 'framework.md')
        diagnostics.push({
          file: path,
          ...at1,
          ruleId: 'unreadable',
          severity: 'error',
          message: 'Unexpected unreadable file, expected to read it',
        });
    }
  };
  const fw = (() => {
    try {
      return lstatSync(join(root, 'framework.md'));
    } catch {
      return undefined;
    }
  })();
  if (fw?.isSymbolicLink())
    diagnostics.push({
      file: 'framework.md',
      ...at1,
      ruleId: 'symlink',
      severity: 'error',
      message: 'Unexpected symbolic link, expected a regular file',
    });
  else if (fw) read('framework.md', 'overlay');
  const walk = (rel: string, kind: FileKind, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => cmp(a.name, b.name))) {
      const path = `${rel}/${e.name}`;
      if (e.isSymbolicLink()) {
        diagnostics.push({
          file: path,
          ...at1,
          ruleId: 'symlink',
          severity: 'error',
          message: 'Unexpected symbolic link, expected a regular file or folder',
          note: 'ccf never follows links out of the folder it was given.',
        });
      } else if (e.isDirectory()) {
        if (depth < MAX_DEPTH) walk(path, kind, depth + 1);
      } else if (e.name.endsWith('.md')) {
        if (!e.isFile())
          diagnostics.push({
            file: path,
            ...at1,
            ruleId: 'not-a-file',
            severity: 'error',
            message: `Unexpected ${kindName(e)} named \`${e.name}\`, expected a Markdown file`,
          });
        else if (!isIdName(e.name.slice(0, -3))) diagnostics.push(badName(path, e.name.slice(0, -3), 'file'));
        else read(path, kind);
      }
    }
  };
  for (const [folder, kind] of FOLDERS) walk(folder, kind, 1);
  return { parsed, diagnostics };
}

/** The published release folder a base names (`@x.y.z`, or a path to a folder holding framework.json), if it is one. */
function baseRelease(
  spec: string,
  overlayDir: string,
  options: OverlayOptions,
): { dir: string; options: ReleaseSourceOptions } | undefined {
  if (spec.startsWith('@')) {
    const dir = join(options.releasesDir ?? join(options.repoRoot, 'releases'), spec.slice(1));
    return isVersion(spec.slice(1)) && existsSync(join(dir, 'framework.json')) ? { dir, options: {} } : undefined;
  }
  const abs = isAbsolute(spec) ? spec : resolve(overlayDir, spec);
  return isDirectory(abs) && existsSync(join(abs, 'framework.json')) ? { dir: abs, options: { anchor: 'manifest' } } : undefined;
}

/**
 * Opens the national framework an overlay `extends`: `@x.y.z` (a release of the repository, or of `releasesDir`),
 * a path relative to the overlay (a published release folder, or a content folder), or `<ref>:<folder>` / `<ref>`
 * (a git ref of the repository, `content` by default). Throws a SourceError when it cannot be opened.
 */
export function baseSource(spec: string, overlayDir: string, options: OverlayOptions): Source {
  const release = baseRelease(spec, overlayDir, options);
  if (release) return releaseSource(release.dir, spec, release.options);
  if (spec.startsWith('@')) {
    const version = spec.slice(1);
    if (!isVersion(version))
      throw new SourceError('SOURCE_BAD_NAME', `Unexpected release \`${spec}\`, expected \`@\` and a version such as \`@1.0.0\``);
    // Named without the folder's path: the message is the same on every machine.
    const known = listReleases(options.releasesDir ?? join(options.repoRoot, 'releases'));
    throw new SourceError(
      'SOURCE_UNKNOWN_RELEASE',
      `Unknown release \`${spec}\`: ${known.length ? `the releases are ${known.map((v) => `@${v}`).join(', ')}` : 'there are no releases'}`,
      { hint: 'Releases are the folders of releases/ in the repository ccf runs in, or of `--releases <dir>`.' },
    );
  }
  const abs = isAbsolute(spec) ? spec : resolve(overlayDir, spec);
  if (isDirectory(abs)) return directorySource(abs, spec);
  // Git ref names cannot hold `:`, so the first one separates the ref from the content folder.
  const colon = spec.indexOf(':');
  const ref = colon < 0 ? spec : spec.slice(0, colon);
  const contentDir = colon < 0 ? 'content' : spec.slice(colon + 1);
  return gitSource({ repo: options.repoRoot, ref, contentDir });
}

/**
 * Reads an overlay folder and resolves it against the base its framework.md `extends`, into one framework whose
 * nodes carry `origin` and `baseVersion`. Never throws on content: an unknown base, an unknown node, a cycle are
 * diagnostics placed in the overlay's files.
 */
export async function loadOverlay(dir: string, options: OverlayOptions): Promise<OverlayLoadResult> {
  const info: SourceInfo = { label: dir, kind: 'directory' };
  const { parsed, diagnostics } = readOverlayFiles(dir);
  const fw = parsed.find((f) => f.kind === 'overlay');
  const spec = fw?.data?.extends;
  const empty = (): OverlayLoadResult => {
    const r = assembleOverlay(assemble([], info).framework, parsed, info, diagnostics);
    // Without a base there is nothing to resolve against: keep the files' own problems and the base's.
    return {
      ...assemble([], info),
      files: r.files,
      diagnostics: r.diagnostics.filter((d) => !d.ruleId.startsWith('overlay-') || d.ruleId === 'overlay-base'),
    };
  };
  if (!fw || typeof spec !== 'string') return empty();
  const at = { file: fw.path, ...placeIn(fw, '/extends', 'value'), ruleId: 'overlay-base', severity: 'error' as const };
  let base: LoadResult;
  let published: PublishedCase | undefined;
  try {
    base = await loadFramework(baseSource(spec, dir, options), options);
    // A published base is aliased by the CASE records it published, whatever ccf would compute for it today.
    const release = baseRelease(spec, dir, options);
    if (release) published = await readReleaseCase(release.dir, spec, release.options);
  } catch (error) {
    if (!(error instanceof CcfError)) throw error;
    diagnostics.push({
      ...at,
      message: `Unexpected base \`${spec}\` that cannot be loaded (${error.message}), expected a release, a published release folder or a git ref`,
      note: error.hint ?? 'Name a release such as `@1.0.0`, a git ref such as `v1.0.0:content`, or a path to a published release folder.',
    });
    return empty();
  }
  const errors = base.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || base.framework.clusters.length === 0) {
    diagnostics.push({
      ...at,
      message: `Unexpected base \`${spec}\` with ${errors.length ? `${errors.length} error${errors.length === 1 ? '' : 's'}` : 'no clusters'}, expected a valid national framework`,
      ...(errors[0] ? { note: `First: ${errors[0].file}:${errors[0].line}:${errors[0].column} ${errors[0].message}` } : {}),
    });
    if (base.framework.clusters.length === 0) return empty();
  }
  const result = assembleOverlay(base.framework, parsed, info, diagnostics);
  if (published && result.framework.overlay) result.framework.overlay.base.case = published;
  return { ...result, base: base.framework };
}

/** An overlay folder as a source: what diff, publish and serve load like any other framework. */
export function overlaySource(dir: string, label: string, options: OverlayOptions): ModelSource {
  const info: SourceInfo = { label, kind: 'directory' };
  return {
    kind: 'model',
    info,
    async load() {
      const result = await loadOverlay(dir, options);
      result.framework.source = { ...result.framework.source, label };
      return result;
    },
  };
}

/** The release versions in a releases folder, oldest first. */
function listReleases(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && isVersion(e.name))
      .map((e) => e.name)
      .sort(compareVersions);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
