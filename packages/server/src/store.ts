import type { Diagnostic, Framework } from '@ccf/core';
import type { CrosswalkRow } from '@ccf/diff';
import type { FeedRelease, ReleaseFeedInput } from '@ccf/publish/versions';

/** One published file of a release, read once: its bytes and a strong ETag over them. */
export interface ReleaseFile {
  name: string;
  bytes: Uint8Array;
  /** Quoted strong ETag, e.g. `"sha256-…"`. */
  etag: string;
  /** Media type to serve it with. */
  type: string;
  /** Set when the file fails its manifest.json entry (or the manifest fails releases/index.json): it is not served. */
  problem?: string;
}

/** A published release folder (`releases/<version>/`). */
export interface Release {
  version: string;
  /** Files by name, in `cmp` order. */
  files: ReleaseFile[];
}

/**
 * What the server shows at one moment. A new snapshot replaces the old one whole; everything the
 * app derives from it (encoded API documents, ETags, rendered pages) is cached per snapshot object.
 */
export interface Snapshot {
  /** Increases by one each time the content is reloaded. */
  generation: number;
  framework: Framework;
  /**
   * For a state framework (an overlay resolved against a national version): that national framework, which the
   * "compare with national" page and the national node pages show.
   */
  base?: Framework;
  /** Load and lint diagnostics of this framework, sorted. */
  diagnostics: Diagnostic[];
  /**
   * Set when newer content failed to load (a broken file): its diagnostics. The snapshot keeps
   * serving the last content that loaded, and every page shows these.
   */
  problems?: Diagnostic[];
  /** Published releases, newest first. */
  releases: Release[];
  /**
   * The releases as the feeds and versions.json show them (releases/index.json, each manifest, the changes since the
   * previous release), made on first use: counting the changes diffs each release with its previous one. Absent: the
   * feeds list no release.
   */
  history?: () => Promise<ReleaseHistory>;
  /** Rule docs and schemas to serve; absent: those paths are 404. */
  site?: SiteFiles;
}

/** The releases whose manifests releases/index.json pins, for the feeds (`@ccf/publish` renders them). */
export interface ReleaseHistory {
  /** releases/index.json `latest`. */
  latest?: string;
  releases: FeedRelease[];
  /**
   * The Atom and JSON Feed renderers (`@ccf/publish`'s, given by the Node side: the feed library needs Node's
   * streams, and this app stays runtime-neutral). Absent: the two feeds are 404; versions.json still answers.
   */
  render?: { atom: (input: ReleaseFeedInput) => string; json: (input: ReleaseFeedInput) => string };
}

/** Repository files the site serves beside the framework (the targets of published links, ADR 0016). */
export interface SiteFiles {
  /** `docs/rules/<id>.md` by rule id: the page every lint `url` and SARIF `helpUri` names. */
  ruleDocs: Map<string, string>;
  /** A schema by its path under `schemas/` (`framework.schema.json`, `published/manifest.schema.json`): its text. */
  schemas: Map<string, string>;
}

/** Two versions compared: what the diff view and the diff API serve. */
export interface DiffResult {
  /** Labels of the two sides (`@1.0.0`, `main`, `content`). */
  from: string;
  to: string;
  /** The version bump the changes need: major, minor, patch or none. */
  bump: string;
  /** The change set as JSON-ready data (the @ccf/diff contract). */
  changeSet: unknown;
  /** The change report as an HTML fragment whose text is already escaped. */
  html: string;
  crosswalk: CrosswalkRow[];
  /** The crosswalk as RFC 4180 CSV. */
  csv: string;
  /** The crosswalk as an .xlsx workbook, made on demand; absent where the runtime cannot make one. */
  xlsx?: () => Promise<Uint8Array>;
  /** The crosswalk as a flow diagram (SVG text, script-free), clusters or sub-clusters; absent: the page shows none. */
  flow?: (level: 'cluster' | 'subcluster') => string;
}

/** A problem with a version named in a query string: becomes a 400 or 404 JSON error. */
export interface SpecProblem {
  status: 400 | 404;
  code: string;
  message: string;
}

export type OpenResult = { framework: Framework } | { error: SpecProblem };

/**
 * Everything the app reads. It holds no files or processes itself, so the app runs on any
 * runtime; the Node entry (`@ccf/server/node`) builds one from a content folder, git and releases.
 */
export interface Store {
  /** The current state (the last content that loaded). */
  snapshot(): Snapshot;
  /** Calls `listener` after each reload; returns a function that stops it. Absent: no live reload. */
  subscribe?(listener: (snapshot: Snapshot) => void): () => void;
  /** Opens a version named by the user: `@1.0.0` or a git ref. Already shape-checked by the app. */
  open?(spec: string): Promise<OpenResult>;
  /** Compares two frameworks. Absent: the diff and crosswalk routes answer 501. */
  diff?(from: Framework, to: Framework): DiffResult | Promise<DiffResult>;
}

/** A store on disk (`@ccf/server/node`'s createNodeStore): it reloads, stops, and knows its content folder. */
export interface NodeStore extends Store {
  /** Reads everything again; keeps the last good content when the new content does not load. */
  reload(): Promise<Snapshot>;
  /** Stops watching. */
  close(): Promise<void>;
  /** The folder being watched, when the source is a folder. */
  readonly contentDir: string | undefined;
}
