// The Node side: reads content, git refs and release folders into a Store, watches for edits,
// and listens on a port. The app itself (createApp) never touches the file system.
import { readdir, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { serve as honoServe, type ServerType } from '@hono/node-server';
import { cmp, compareVersions, isVersion, type Diagnostic, type Framework, type Manifest, type ReleaseIndex } from '@ccf/core';
import {
  loadFramework,
  releaseSource,
  openSource,
  publishedReleases,
  readReleaseManifest,
  sha256,
  SourceError,
  watchFolder,
  type FolderWatch,
  type ReleaseManifestEntry,
} from '@ccf/core/node';
import { diffFrameworks, renderChangeSetHtml, renderCrosswalkCsv, renderCrosswalkSvg, toCrosswalkTable } from '@ccf/diff';
import { renderReleasesAtom, renderReleasesJsonFeed, xlsxBytes, type FeedRelease } from '@ccf/publish';
import { lint } from '@ccf/lint';
import type { Hono } from 'hono';
import { etagOf } from './doc.js';
import { pathRedactor } from './redact.js';
import type { DiffResult, OpenResult, Release, ReleaseFile, ReleaseHistory, SiteFiles, Snapshot } from './store.js';

export interface NodeStoreOptions {
  /** Repository root: holds `content/`, `releases/` and `.git`. */
  repoRoot: string;
  /** What to show: a content folder (default `content`), a git ref, or `@1.0.0`. */
  source?: string;
  /** Where a relative `source` is resolved from. Default: repoRoot. */
  cwd?: string;
  /** Reload when a file in the content folder or releases/ changes. */
  watch?: boolean;
  /** Compares two frameworks. Default: @ccf/diff. */
  diff?: (from: Framework, to: Framework) => DiffResult | Promise<DiffResult>;
  /** Told after each reload (for a log line). */
  onReload?: (snapshot: Snapshot, changed: boolean) => void;
  /**
   * Told what the server keeps from HTTP clients: why a version did not open or the content could
   * not be read, with the paths and underlying errors. Default: console.error.
   */
  log?: (line: string) => void;
  /** Poll the watched folders every `pollMs` ms instead of using file-system events. */
  pollMs?: number;
}

import type { NodeStore } from './store.js';
export type { NodeStore };

/** Largest release file read into memory. */
const MAX_RELEASE_FILE = 64 * 1024 * 1024;
/** Versions opened from query strings kept in memory. */
const OPEN_CACHE = 8;

const types: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  // SSSOM's crosswalk.sssom.tsv: the registered type, so a static host's answer and the preview's agree.
  tsv: 'text/tab-separated-values; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

/**
 * Reads `releases/<version>/` folders: regular files only (no symlinks, no sub-folders), newest version first.
 * Each file is checked against its manifest.json entry, and the manifest against releases/index.json; a file
 * that fails carries a `problem` and is never served.
 */
export async function readReleases(dir: string): Promise<Release[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const versions = entries.filter((e) => e.isDirectory() && isVersion(e.name)).map((e) => e.name);
  const releases = await Promise.all(
    versions.map(async (version): Promise<Release> => {
      const folder = join(dir, version);
      const manifest = await readReleaseManifest(folder, `@${version}`).catch(() => undefined);
      const problemOf = (name: string, bytes: Uint8Array): string | undefined => {
        if (!manifest)
          return `Release ${version} failed its integrity check: its manifest.json is missing or is not the one releases/index.json pins`;
        if (name === 'manifest.json') return undefined;
        const entry: ReleaseManifestEntry | undefined = manifest.get(name);
        if (!entry) return `Release ${version} failed its integrity check: ${name} is not listed in its manifest.json`;
        if (sha256(bytes) !== entry.sha256)
          return `Release ${version} failed its integrity check: ${name} does not match its manifest.json entry`;
        return undefined;
      };
      const files: ReleaseFile[] = [];
      for (const e of (await readdir(folder, { withFileTypes: true }).catch(() => [])).sort((a, b) => cmp(a.name, b.name))) {
        if (!e.isFile() || e.name.startsWith('.')) continue;
        const path = join(folder, e.name);
        if ((await stat(path)).size > MAX_RELEASE_FILE) continue;
        const bytes = new Uint8Array(await readFile(path));
        const ext = e.name.includes('.') ? e.name.slice(e.name.lastIndexOf('.') + 1).toLowerCase() : '';
        const problem = problemOf(e.name, bytes);
        files.push({
          name: e.name,
          bytes,
          etag: await etagOf(bytes),
          type: types[ext] ?? 'application/octet-stream',
          ...(problem ? { problem } : {}),
        });
      }
      return { version, files };
    }),
  );
  return releases.filter((r) => r.files.length).sort((a, b) => compareVersions(b.version, a.version));
}

/** Change counts by kind between two releases, by both manifests' SHA-256: a release that is pinned never changes. */
const changeCounts = new Map<string, Promise<Record<string, number>>>();

/**
 * The releases of `dir` (releases/) for the feeds and versions.json: each entry of releases/index.json whose
 * manifest.json is the one the index pins (a release that fails is left out, as it is not served), with the title and
 * files its manifest lists and the number of changes of each kind since its `previous` release.
 */
export async function readReleaseHistory(dir: string): Promise<ReleaseHistory> {
  let index: ReleaseIndex;
  try {
    const path = join(dir, 'index.json');
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_RELEASE_FILE) return { releases: [], render: FEED_RENDERERS };
    index = JSON.parse(await readFile(path, 'utf8')) as ReleaseIndex;
    if (!Array.isArray(index.releases)) return { releases: [], render: FEED_RENDERERS };
  } catch {
    // No index (or a malformed one): no release is pinned, so none is listed.
    return { releases: [], render: FEED_RENDERERS };
  }
  const pinned: FeedRelease[] = [];
  for (const entry of index.releases) {
    if (typeof entry?.version !== 'string' || !isVersion(entry.version)) continue;
    const folder = join(dir, entry.version);
    try {
      // Checks manifest.json against the index (throws when it is not the pinned one).
      await readReleaseManifest(folder, `@${entry.version}`);
      const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Manifest;
      pinned.push({ entry, title: manifest.title, files: [...manifest.files.map((f) => f.path), 'manifest.json'] });
    } catch {
      continue;
    }
  }
  const byVersion = new Map(pinned.map((r) => [r.entry.version, r]));
  for (const r of pinned) {
    const previous = r.entry.previous === undefined ? undefined : byVersion.get(r.entry.previous);
    if (!previous) continue;
    const key = `${previous.entry.manifestSha256}:${r.entry.manifestSha256}`;
    let counts = changeCounts.get(key);
    if (!counts) {
      counts = (async () => {
        const load = async (v: string): Promise<Framework> => (await loadFramework(releaseSource(join(dir, v), `@${v}`))).framework;
        const cs = diffFrameworks(await load(previous.entry.version), await load(r.entry.version));
        const out: Record<string, number> = {};
        for (const change of cs.changes) out[change.kind] = (out[change.kind] ?? 0) + 1;
        return out;
      })();
      changeCounts.set(key, counts);
      counts.catch(() => changeCounts.delete(key));
    }
    r.changes = await counts;
  }
  return {
    ...(typeof index.latest === 'string' && byVersion.has(index.latest) ? { latest: index.latest } : {}),
    releases: pinned,
    render: FEED_RENDERERS,
  };
}

const FEED_RENDERERS = { atom: renderReleasesAtom, json: renderReleasesJsonFeed };

/** The diff view's data from @ccf/diff: the change set, its HTML report, the crosswalk, its CSV and workbook. */
function diffWithCcf(from: Framework, to: Framework): DiffResult {
  const cs = diffFrameworks(from, to);
  let workbook: Promise<Uint8Array> | undefined;
  const flows = new Map<string, string>();
  return {
    flow: (level) => flows.get(level) ?? flows.set(level, renderCrosswalkSvg(cs, { level })).get(level)!,
    // Made on the first download only, then kept with the diff; dated by the newer side's commit, as the CLI does.
    xlsx: () => (workbook ??= xlsxBytes([toCrosswalkTable(cs)], { date: cs.to.date ?? cs.from.date })),
    from: cs.from.label,
    to: cs.to.label,
    bump: cs.bump,
    changeSet: cs,
    html: renderChangeSetHtml(cs),
    crosswalk: cs.crosswalk,
    csv: renderCrosswalkCsv(cs),
  };
}

/** The release history of a snapshot, read on first use and kept with it. */
function historyOf(dir: string): () => Promise<ReleaseHistory> {
  let history: Promise<ReleaseHistory> | undefined;
  return () => {
    history ??= readReleaseHistory(dir);
    history.catch(() => (history = undefined));
    return history;
  };
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/**
 * The rule docs (docs/rules/<id>.md) and schemas (schemas/*.json, schemas/published/*.json) of a repository: regular
 * files only, read once per server (they change with ccf, not with the content).
 */
export async function readSiteFiles(repoRoot: string): Promise<SiteFiles> {
  const read = async (dir: string, pattern: RegExp): Promise<[string, string][]> => {
    const names = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files = names.filter((e) => e.isFile() && pattern.test(e.name)).map((e) => e.name);
    return Promise.all(files.map(async (name): Promise<[string, string]> => [name, await readFile(join(dir, name), 'utf8')]));
  };
  const rules = await read(join(repoRoot, 'docs/rules'), /^[a-z0-9-]+\.md$/);
  const top = await read(join(repoRoot, 'schemas'), /^[a-z0-9-]+\.schema\.json$/);
  const published = await read(join(repoRoot, 'schemas/published'), /^[a-z0-9-]+\.schema\.json$/);
  return {
    ruleDocs: new Map(rules.map(([name, text]) => [name.slice(0, -3), text])),
    schemas: new Map([...top, ...published.map(([name, text]): [string, string] => [`published/${name}`, text])]),
  };
}

/** Builds a store from a repository: the content (or a ref or release), lint results, releases. */
export async function createNodeStore(options: NodeStoreOptions): Promise<NodeStore> {
  const { repoRoot } = options;
  const site = await readSiteFiles(repoRoot);
  const spec = options.source ?? 'content';
  const log = options.log ?? ((line: string) => console.error(line));
  const redact = pathRedactor(repoRoot);
  let source = openSource(spec, { repoRoot, ...(options.cwd ? { cwd: options.cwd } : {}) });
  const contentDir = source.info.kind === 'directory' ? resolve(options.cwd ?? repoRoot, spec) : undefined;
  if (contentDir && isAbsolute(spec)) {
    // Pages say where the content was read from: by its name in the repository, not its place on this disk.
    const inRepo = relative(repoRoot, contentDir);
    const label = inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? inRepo : basename(contentDir);
    source = { ...source, info: { ...source.info, label } };
  }
  const shownDir = source.info.label;
  const listeners = new Set<(s: Snapshot) => void>();
  const opened = new Map<string, Promise<OpenResult>>();
  let current: Snapshot | undefined;
  // The last snapshot that loaded without errors: served for as long as newer content does not load, through
  // any number of broken reloads (a missing content folder is broken, not empty).
  let lastGood: Snapshot | undefined;
  let generation = 0;

  const problem = (ruleId: string, message: string): Diagnostic => ({ file: '.', line: 1, column: 1, ruleId, severity: 'error', message });
  const build = async (): Promise<Snapshot> => {
    const [result, releases, lineage, present] = await Promise.all([
      loadFramework(source),
      readReleases(join(repoRoot, 'releases')),
      // The versions `derivedFrom` may name, as `ccf lint` reads them (a release failing its checks is left out).
      publishedReleases(repoRoot, { skipped: (v, e) => log(`ccf: release ${v} left out of the lineage check: ${firstLine(e)}`) }),
      contentDir ? isDirectory(contentDir) : true,
    ]);
    const loadErrors = present
      ? result.diagnostics.filter((d) => d.severity === 'error')
      : [
          problem(
            'content-missing',
            `Missing content folder \`${shownDir}\`, expected it back (a checkout or a branch switch in progress?)`,
          ),
        ];
    generation++;
    // A broken file: keep serving what last loaded, and show why the edit does not. A folder that is gone
    // keeps even content that never loaded cleanly: it is what the editor was working on.
    const keep = lastGood ?? (present ? undefined : current);
    if (loadErrors.length && keep)
      return { ...keep, generation, releases, history: historyOf(join(repoRoot, 'releases')), problems: loadErrors.map(redactDiagnostic) };
    // A state overlay is checked against its base by resolution alone, as `ccf lint` does: the national content rules
    // read content files, which an overlay does not have.
    const overlay = result.framework.overlay !== undefined;
    const base = (result as { base?: Framework }).base;
    const next: Snapshot = {
      generation,
      framework: result.framework,
      ...(overlay && base ? { base } : {}),
      diagnostics: lint(result, { releases: lineage }, overlay ? [] : undefined).map(redactDiagnostic),
      releases,
      history: historyOf(join(repoRoot, 'releases')),
      site,
    };
    if (!loadErrors.length) lastGood = next;
    return next;
  };
  const redactDiagnostic = (d: Diagnostic): Diagnostic => {
    const message = redact(d.message);
    return message === d.message ? d : { ...d, message };
  };

  current = await build();

  let running: Promise<Snapshot> | undefined;
  let again = false;
  const reload = async (): Promise<Snapshot> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let s: Snapshot;
      do {
        again = false;
        try {
          s = await build();
        } catch (e) {
          // Reading failed as a whole: keep the last state and say so (the details, with paths, on the terminal).
          log(`ccf: cannot read ${shownDir}: ${firstLine(e)}`);
          s = {
            ...(lastGood ?? current!),
            generation: ++generation,
            problems: [problem('unreadable', `Cannot read ${shownDir}: ${redact(firstLine(e))}`)],
          };
        }
        current = s;
        opened.clear();
        options.onReload?.(s, true);
        listeners.forEach((l) => l(s));
      } while (again);
      return s;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const watchers: FolderWatch[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.watch) {
    const changed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 120);
    };
    // Both folders may be removed and made again (`rm -rf content && git checkout content`), or not exist yet.
    for (const dir of [contentDir, join(repoRoot, 'releases')]) {
      if (!dir) continue;
      watchers.push(
        await watchFolder(dir, changed, {
          ignored: (p) => /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(p),
          ...(options.pollMs ? { pollMs: options.pollMs } : {}),
        }),
      );
    }
  }

  return {
    contentDir,
    snapshot: () => current!,
    ...(options.watch
      ? {
          subscribe: (listener: (snapshot: Snapshot) => void) => {
            listeners.add(listener);
            return () => void listeners.delete(listener);
          },
        }
      : {}),
    open(versionSpec: string): Promise<OpenResult> {
      let result = opened.get(versionSpec);
      if (!result) {
        result = (async (): Promise<OpenResult> => {
          try {
            const src = openSource(versionSpec, { repoRoot });
            if (src.info.kind === 'directory')
              return {
                error: {
                  status: 400,
                  code: 'bad-version',
                  message: `Unexpected folder \`${versionSpec}\`, expected a release such as \`@1.0.0\` or a git ref`,
                },
              };
            const loaded = await loadFramework(src);
            return { framework: loaded.framework };
          } catch (e) {
            // The terminal gets the whole story; the client gets ccf's own message without local paths,
            // and nothing of an unexpected error (it may quote git or the file system).
            log(`ccf: cannot open \`${versionSpec}\`: ${firstLine(e)}`);
            const message =
              e instanceof SourceError
                ? redact(firstLine(e))
                : `Cannot read \`${versionSpec}\`, expected a release such as \`@1.0.0\` or a git ref of this repository`;
            return { error: { status: 404, code: 'unknown-version', message } };
          }
        })();
        opened.set(versionSpec, result);
        if (opened.size > OPEN_CACHE) opened.delete(opened.keys().next().value!);
      }
      return result;
    },
    diff: options.diff ?? diffWithCcf,
    reload,
    close: async () => {
      clearTimeout(timer);
      await Promise.all(watchers.map((w) => w.close()));
    },
  };
}

export interface ServeOptions {
  port?: number;
  /** Address to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Time to receive the request headers, ms. Default 10 s. */
  headersTimeout?: number;
  /** Time to receive the whole request, ms. Default 30 s. */
  requestTimeout?: number;
}

export interface Running {
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

/** The host names a server bound to `host` answers to: loopback names, plus this machine's names when bound to all. */
export function hostsFor(host: string): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  const bracket = (a: string): string => (a.includes(':') ? `[${a}]` : a);
  if (host === '0.0.0.0' || host === '::') {
    hosts.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) hosts.add(bracket(i.address.toLowerCase()));
  } else hosts.add(bracket(host.toLowerCase()));
  return [...hosts];
}

/** Listens with the app on host:port (127.0.0.1:8787 by default), with header and request timeouts. */
export function listen(app: Hono, options: ServeOptions = {}): Promise<Running> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = honoServe(
      {
        fetch: app.fetch,
        port: options.port ?? 8787,
        hostname: host,
        serverOptions: { headersTimeout: options.headersTimeout ?? 10_000, requestTimeout: options.requestTimeout ?? 30_000 },
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        const shown = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shown === '0.0.0.0' || shown === '[::]' ? 'localhost' : shown}:${info.port}/`,
          port: info.port,
          server,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Open event streams keep connections alive; end them.
              (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
    (server as { keepAliveTimeout?: number }).keepAliveTimeout = 5_000;
  });
}

export { createContentEditor, type ContentEditorOptions } from './edit-node.js';
