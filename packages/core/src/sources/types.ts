import type { Diagnostic, Framework, ParsedFile, SourceInfo } from '../types.js';

/** A content file a source can read: POSIX path relative to the content root. */
export interface SourceEntry {
  path: string;
  /** A key for the bytes when the source knows one without reading them (a git blob SHA). */
  key?: string;
  /**
   * A signature of the file's metadata (device, inode, size, modification and change times) when the
   * source was asked for one: it changes whenever the bytes do, so a cache can skip reading the file.
   * Absent for a file changed in the last seconds (its next change might keep the same times).
   */
  stat?: string;
}

/** What a caller wants from `list()`. */
export interface ListOptions {
  /** Add `stat` signatures to entries (a directory source; others ignore it). */
  stat?: boolean;
}

/** A source of content files: a directory, or a git ref. */
export interface FileSource {
  kind: 'files';
  info: SourceInfo;
  /** Every candidate content file, plus problems found while listing (symlinks, odd entries). */
  list(options?: ListOptions): Promise<{ entries: SourceEntry[]; diagnostics: Diagnostic[] }>;
  /**
   * Reads the given files. A file the source refused to read (over the size limit, not a regular file) maps to
   * the diagnostic saying why; a file that cannot be read at all is missing from the map.
   */
  read(entries: SourceEntry[]): Promise<Map<string, Uint8Array | Diagnostic>>;
}

/** A source that yields a framework directly, such as a published release. */
export interface ModelSource {
  kind: 'model';
  info: SourceInfo;
  load(): Promise<LoadResult>;
}

export type Source = FileSource | ModelSource;

/** A loaded framework with everything found on the way. */
export interface LoadResult {
  framework: Framework;
  /** The parsed content files (empty for a model source). */
  files: ParsedFile[];
  /** Sub-cluster files whose folder has no index.md. */
  orphans: ParsedFile[];
  diagnostics: Diagnostic[];
}

/** Caches parsed files by content key and path (the path is part of every diagnostic). */
export interface ParseCache {
  get(key: string, path: string): ParsedFile | undefined;
  set(key: string, path: string, file: ParsedFile): void;
  /** Records that `alias` (a stat signature) names the same bytes as `key` for this path. */
  alias?(alias: string, key: string, path: string): void;
  /** Writes what changed (a disk cache); loadFramework calls it once at the end. */
  flush?(): Promise<void>;
}
