import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemasDir } from './schema.js';
import type { ParseCache } from './sources/types.js';
import type { ParsedFile, PositionMap } from './types.js';

/** Bump when the record layout changes. */
const FORMAT = 2;
const SHARDS = 64;
/** Versions of one path kept (two covers `ccf diff` between refs and switching branches back and forth). */
const VERSIONS_PER_PATH = 2;

/** The encoded form of files decoded from a worker or the disk, so they are never encoded twice. */
const encoded = new WeakMap<ParsedFile, string>();

/**
 * Encodes a parsed file as a self-delimiting string: a line `[r,p,b]` of lengths, then the record as
 * JSON (r characters), the positions as JSON (p) and the body as is (b). Decoding then parses only the
 * small record; the body is a slice (no copy) and the positions, read only when a diagnostic is
 * reported, are parsed on first access.
 */
export function encodeParsed(file: ParsedFile): string {
  const known = encoded.get(file);
  if (known !== undefined) return known;
  // Placeholders keep every key in its place: consumers that serialise a file get the same bytes.
  const record = JSON.stringify({ ...file, positions: 0, body: 0 });
  const pos = JSON.stringify(file.positions);
  return `${JSON.stringify([record.length, pos.length, file.body.length])}\n${record}${pos}${file.body}`;
}

/** Decodes what `encodeParsed` wrote: the same data, positions decoded lazily. */
export function decodeParsed(text: string): ParsedFile {
  const nl = text.indexOf('\n');
  const [r, p, b] = JSON.parse(text.slice(0, nl)) as [number, number, number];
  const start = nl + 1;
  if (start + r + p + b !== text.length) throw new Error('damaged cache record');
  const file = JSON.parse(text.slice(start, start + r)) as ParsedFile;
  file.body = text.slice(start + r + p);
  const json = text.slice(start + r, start + r + p);
  Object.defineProperty(file, 'positions', {
    configurable: true,
    enumerable: true,
    get(this: ParsedFile): PositionMap {
      const value = JSON.parse(json) as PositionMap;
      Object.defineProperty(this, 'positions', { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(this: ParsedFile, value: PositionMap) {
      Object.defineProperty(this, 'positions', { value, writable: true, configurable: true, enumerable: true });
    },
  });
  encoded.set(file, text);
  return file;
}

/** An in-memory cache by content key and path: share one between the two loads of a diff. */
export function memoryCache(): ParseCache {
  const map = new Map<string, ParsedFile>();
  return {
    get: (key, path) => map.get(`${path}\0${key}`),
    set: (key, path, file) => void map.set(`${path}\0${key}`, file),
    alias(alias, key, path) {
      const file = map.get(`${path}\0${key}`);
      if (file) map.set(`${path}\0${alias}`, file);
    },
  };
}

let codeHash: string | undefined;

/**
 * What a cached parse depends on besides the file's bytes: this package's code (its version alone
 * would not change while it is developed) and the JSON Schemas. Hashed once per process.
 */
export function parseSalt(extra = ''): string {
  if (!codeHash) {
    const h = createHash('sha256').update(`ccf-parse-cache/${FORMAT}\n`);
    const here = dirname(fileURLToPath(import.meta.url));
    for (const dir of [here, join(here, 'sources'), schemasDir]) {
      let names: string[] = [];
      try {
        names = readdirSync(dir)
          .filter((n) => /\.(?:js|ts|json)$/.test(n) && !n.endsWith('.d.ts') && !n.endsWith('.test.ts'))
          .sort();
      } catch {
        // A missing folder only means nothing of it is hashed.
      }
      for (const name of names) h.update(`${name}\n`).update(readFileSync(join(dir, name)));
    }
    try {
      h.update(readFileSync(join(here, '..', 'package.json')));
    } catch {
      // Same as above.
    }
    codeHash = h.digest('hex');
  }
  return createHash('sha256').update(codeHash).update(extra).digest('hex').slice(0, 16);
}

interface Entry {
  /** Content key (SHA-256 of the bytes, or a git blob SHA) and any aliases (a stat signature). */
  keys: string[];
  /** The encoded record; decoded on first use. */
  text: string;
  file?: ParsedFile;
}

export interface DiskCacheOptions {
  /** Anything else the cached result depends on (a lint config): part of the cache's name. */
  salt?: string;
}

/** A parse cache kept on disk between runs, with `flush()` to write what changed. */
export interface DiskCache extends ParseCache {
  readonly dir: string;
  flush(): Promise<void>;
  /** Hits and misses so far (for tests and `--verbose` output). */
  stats(): { hits: number; misses: number; writes: number };
}

function shardOf(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return (h >>> 0) % SHARDS;
}

/**
 * A parse cache in `dir` (e.g. `.ccf-cache/`), keyed by path and content key, salted with the tool's
 * code, the schemas and `options.salt`. Sharded by path so one changed file rewrites one shard;
 * each shard is written to a temporary file and renamed, so a crash never leaves half a shard.
 * A shard that cannot be read is treated as empty: the cache can only make a run faster.
 */
export function diskCache(root: string, options: DiskCacheOptions = {}): DiskCache {
  const name = `parse-${parseSalt(options.salt ?? '')}`;
  const dir = join(root, name);
  const shards: (Map<string, Entry[]> | undefined)[] = Array.from({ length: SHARDS }, () => undefined);
  const dirty = new Set<number>();
  let hits = 0;
  let misses = 0;
  let writes = 0;

  const shard = (i: number): Map<string, Entry[]> => {
    let map = shards[i];
    if (map) return map;
    map = new Map();
    shards[i] = map;
    let text = '';
    try {
      text = readFileSync(join(dir, `${i}.shard`), 'utf8');
    } catch {
      return map;
    }
    // Entries one after another: a line `[path, keys, length]`, then the encoded file (length characters).
    let at = 0;
    while (at < text.length) {
      const nl = text.indexOf('\n', at);
      if (nl === -1) break;
      let header: [string, string[], number];
      try {
        header = JSON.parse(text.slice(at, nl)) as [string, string[], number];
      } catch {
        break; // A damaged shard: what follows cannot be framed, so it is a miss.
      }
      const [path, keys, length] = header;
      const list = map.get(path) ?? [];
      if (list.length < VERSIONS_PER_PATH) list.push({ keys, text: text.slice(nl + 1, nl + 1 + length) });
      map.set(path, list);
      at = nl + 1 + length;
    }
    return map;
  };

  const find = (key: string, path: string): Entry | undefined =>
    shard(shardOf(path))
      .get(path)
      ?.find((e) => e.keys.includes(key));

  return {
    dir,
    get(key, path) {
      const entry = find(key, path);
      if (!entry) {
        misses++;
        return undefined;
      }
      try {
        entry.file ??= decodeParsed(entry.text);
      } catch {
        misses++;
        return undefined;
      }
      hits++;
      return entry.file;
    },
    set(key, path, file) {
      const i = shardOf(path);
      const map = shard(i);
      const list = (map.get(path) ?? []).filter((e) => !e.keys.includes(key));
      list.unshift({ keys: [key], text: encodeParsed(file), file });
      map.set(path, list.slice(0, VERSIONS_PER_PATH));
      dirty.add(i);
      writes++;
    },
    alias(alias, key, path) {
      const entry = find(key, path);
      if (!entry || entry.keys.includes(alias)) return;
      const i = shardOf(path);
      // A stale alias (the same stat signature for other bytes) must never survive.
      for (const other of shard(i).get(path) ?? []) other.keys = other.keys.filter((k) => k !== alias);
      entry.keys.push(alias);
      dirty.add(i);
    },
    async flush() {
      if (dirty.size === 0) return;
      mkdirSync(dir, { recursive: true });
      for (const i of [...dirty].sort((a, b) => a - b)) {
        const lines: string[] = [];
        for (const [path, list] of shards[i] ?? [])
          for (const e of list) lines.push(`${JSON.stringify([path, e.keys, e.text.length])}\n`, e.text);
        const file = join(dir, `${i}.shard`);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, lines.join(''));
        renameSync(tmp, file);
      }
      dirty.clear();
      // Caches made by another version of the code or schemas can never be read again.
      for (const old of readdirSync(root))
        if (old.startsWith('parse-') && old !== name) rmSync(join(root, old), { recursive: true, force: true });
    },
    stats: () => ({ hits, misses, writes }),
  };
}
