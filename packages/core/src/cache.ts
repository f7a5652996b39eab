import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CcfError, type CcfErrorOptions } from './errors.js';
import { attachedFacts, attachFacts, hasFacts, type FactsLevel } from './facts.js';
import { schemasDir } from './schema.js';
import type { ParseCache } from './sources/types.js';
import type { ParsedFile, PositionMap } from './types.js';
import { writeFileAtomic } from './write.js';

/** Bump when the record layout changes. */
const FORMAT = 4;
const SHARDS = 64;
/** Versions of one path kept (two covers `ccf diff` between refs and switching branches back and forth). */
const VERSIONS_PER_PATH = 2;

/** The encoded form of files decoded from a worker or the disk (and whether it holds text facts), so they are never encoded twice. */
const encoded = new WeakMap<ParsedFile, { text: string; level: FactsLevel | undefined }>();

/**
 * Encodes a parsed file as a self-delimiting string: a line `[r,p,b,f]` of lengths, then the record as JSON
 * (r characters), the positions as JSON (p), the body as is (b) and its Markdown facts as JSON (f, 0 when none are
 * attached). Decoding then parses only the small record; the body is a slice (no copy), and the positions (read
 * only when a diagnostic is reported) and the facts are parsed on first access.
 */
export function encodeParsed(file: ParsedFile): string {
  const known = encoded.get(file);
  const level = hasFacts(file, 'text') ? 'text' : hasFacts(file, 'markup') ? 'markup' : undefined;
  // Facts computed after the file was decoded make the known encoding stale.
  if (known !== undefined && known.level === level) return known.text;
  // Placeholders keep every key in its place: consumers that serialize a file get the same bytes.
  const record = JSON.stringify({ ...file, positions: 0, body: 0 });
  const pos = JSON.stringify(file.positions);
  const facts = level ? JSON.stringify(attachedFacts(file)) : '';
  return `${JSON.stringify([record.length, pos.length, file.body.length, facts.length])}\n${record}${pos}${file.body}${facts}`;
}

/** Decodes what `encodeParsed` wrote: the same data, positions and facts decoded lazily. */
export function decodeParsed(text: string): ParsedFile {
  const nl = text.indexOf('\n');
  const [r, p, b, f] = JSON.parse(text.slice(0, nl)) as [number, number, number, number];
  const start = nl + 1;
  if (start + r + p + b + f !== text.length) throw new Error('damaged cache record');
  const file = JSON.parse(text.slice(start, start + r)) as ParsedFile;
  file.body = text.slice(start + r + p, start + r + p + b);
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
  if (f > 0) attachFacts(file, text.slice(start + r + p + b));
  encoded.set(file, { text, level: f === 0 ? undefined : hasFacts(file, 'text') ? 'text' : 'markup' });
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

/**
 * A cache folder ccf will not use. `CACHE_REFUSED`: using it could let someone else decide a result (a folder git
 * tracks, a symbolic link, a secret others can read) — the CLI stops with exit 2. `CACHE_UNAVAILABLE`: there is
 * nowhere to keep a secret (a read-only home) — the run goes on without a disk cache.
 */
export class CacheError extends CcfError {
  declare readonly code: 'CACHE_REFUSED' | 'CACHE_UNAVAILABLE';

  constructor(code: 'CACHE_REFUSED' | 'CACHE_UNAVAILABLE', message: string, options?: CcfErrorOptions) {
    super(code, message, options);
  }
}

type Env = Record<string, string | undefined>;

/** The user's cache folder for ccf: `$XDG_CACHE_HOME/ccf`, else the platform's (`~/.cache/ccf` on Linux). */
export function userCacheHome(env: Env = process.env): string {
  // Our own few lines rather than env-paths: that package reads process.env, and the CLI runs on an injected env.
  const home = env.HOME || homedir();
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'ccf');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'ccf');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'ccf', 'Cache');
  return join(home, '.cache', 'ccf');
}

/**
 * The default parse-cache folder of one repository, in the user's cache folder (never the work tree):
 * `<userCacheHome>/repos/<name>-<hash of its real path>`. Made on first use with ccf's CACHEDIR.TAG and a
 * `repository` file naming the repository; folders ccf made for repositories that no longer exist (a deleted
 * clone, a test's temporary repository) are removed then, so the folder does not grow without bound.
 */
export function repositoryCacheDir(repoRoot: string, env: Env = process.env): string {
  let real = repoRoot;
  try {
    real = realpathSync(repoRoot);
  } catch {
    // A root that does not exist yet is named by its path.
  }
  const label =
    basename(real)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  const repos = join(userCacheHome(env), 'repos');
  const dir = join(repos, `${label}-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`);
  if (lstatOrUndefined(dir)) return dir;
  try {
    mkdirSync(repos, { recursive: true, mode: 0o700 });
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, REPOSITORY_FILE), `${real}\n`, { flag: 'wx' });
    writeTag(dir);
    pruneRepositories(repos);
  } catch {
    // Not made: opening the cache then refuses or works without it, with its own message.
  }
  return dir;
}

const REPOSITORY_FILE = 'repository';

/** Removes the folders ccf made for repositories that are gone; anything else in `repos` is left alone. */
function pruneRepositories(repos: string): void {
  for (const name of readdirSync(repos)) {
    const dir = join(repos, name);
    if (!madeByCcf(dir)) continue;
    let repo = '';
    try {
      repo = readFileSync(join(dir, REPOSITORY_FILE), 'utf8').trim();
    } catch {
      continue;
    }
    if (isAbsolute(repo) && !lstatOrUndefined(repo)) rmSync(dir, { recursive: true, force: true });
  }
}

const SECRET_BYTES = 32;

/**
 * This user's secret for authenticating cache records: 32 random bytes in `<userCacheHome>/secret`, made on
 * first use (mode 0600, never in a repository). Only a ccf run by this user on this machine can write a record
 * that a later run accepts, so nothing copied into a cache folder — by a commit, a restored CI cache or another
 * user — can decide a result.
 */
export function machineSecret(env: Env = process.env): Buffer {
  const file = join(userCacheHome(env), 'secret');
  let secret = readSecret(file);
  if (!secret) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // Written whole under another name, then linked into place: link never replaces, so racing runs agree on one.
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      writeFileSync(tmp, randomBytes(SECRET_BYTES), { flag: 'wx', mode: 0o600 });
      try {
        linkSync(tmp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(tmp);
      }
    } catch (error) {
      throw new CacheError(
        'CACHE_UNAVAILABLE',
        `No parse cache: cannot create the cache secret ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        { hint: 'Set XDG_CACHE_HOME to a folder you can write, or run with --no-cache.', cause: error },
      );
    }
    secret = readSecret(file);
    if (!secret) throw new CacheError('CACHE_UNAVAILABLE', `No parse cache: the cache secret ${file} vanished while it was made`);
  }
  return secret;
}

/** The secret at `file`, undefined when there is none; refuses one that others could have written or read. */
function readSecret(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new CacheError('CACHE_REFUSED', `Refusing the cache secret ${file}: it is a symbolic link`, {
        hint: 'Delete it; ccf makes a new one (the cache then starts empty).',
      });
    throw new CacheError('CACHE_UNAVAILABLE', `No parse cache: cannot read the cache secret ${file} (${code ?? String(error)})`, {
      hint: 'Set XDG_CACHE_HOME to a folder you can write, or run with --no-cache.',
      cause: error,
    });
  }
  try {
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    const problem = !st.isFile()
      ? 'it is not a file'
      : st.size !== SECRET_BYTES
        ? `it holds ${st.size} bytes, not ${SECRET_BYTES}`
        : uid !== undefined && st.uid !== uid
          ? 'another user owns it'
          : process.platform !== 'win32' && (st.mode & 0o077) !== 0
            ? `others may read or write it (mode ${(st.mode & 0o777).toString(8)})`
            : undefined;
    if (problem)
      throw new CacheError('CACHE_REFUSED', `Refusing the cache secret ${file}: ${problem}`, {
        hint: 'Delete it; ccf makes a new one (mode 0600).',
      });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Cache Directory Tagging Specification: backup tools skip a folder holding this file; ccf deletes only folders holding its own. */
const TAG_NAME = 'CACHEDIR.TAG';
const TAG_TEXT =
  'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by ccf (parse cache).\n# For information about cache directory tags, see https://bford.info/cachedir/\n';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `dir` is a real folder (not a link) that holds the tag ccf writes: only such folders are ever deleted. */
function madeByCcf(dir: string): boolean {
  if (!lstatOrUndefined(dir)?.isDirectory()) return false;
  const tag = join(dir, TAG_NAME);
  if (!lstatOrUndefined(tag)?.isFile()) return false;
  try {
    return readFileSync(tag, 'utf8').startsWith(TAG_TEXT.slice(0, TAG_TEXT.indexOf('(')));
  } catch {
    return false;
  }
}

function writeTag(dir: string): void {
  try {
    writeFileSync(join(dir, TAG_NAME), TAG_TEXT, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** The first file git tracks under `dir`, if `dir` is inside a git work tree. */
function trackedIn(dir: string): string | undefined {
  const env: NodeJS.ProcessEnv = {};
  // The folder's own repository decides, not one a surrounding git hook points at.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--full-name', '--', '.'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 26,
    });
    const first = out.subarray(0, out.indexOf(0) === -1 ? out.length : out.indexOf(0)).toString('utf8');
    return first || undefined;
  } catch {
    return undefined; // Not in a work tree (or no git): nothing a commit can plant.
  }
}

/** Refuses a cache folder (or its `parse-*` folder) that a link, a commit or a stranger could have put there. */
function checkFolder(root: string, name: string): void {
  const st = lstatOrUndefined(root);
  const hint = 'Name another folder with --cache, or leave --cache out: ccf then keeps its cache in your user cache folder.';
  if (!st) return;
  if (st.isSymbolicLink())
    throw new CacheError(
      'CACHE_REFUSED',
      `Refusing the cache folder ${root}: it is a symbolic link, and ccf never follows one for its cache`,
      { hint },
    );
  if (!st.isDirectory()) throw new CacheError('CACHE_REFUSED', `Refusing the cache folder ${root}: it is not a folder`, { hint });
  const tracked = trackedIn(root);
  if (tracked)
    throw new CacheError(
      'CACHE_REFUSED',
      `Refusing the cache folder ${root}: git tracks files in it (${tracked}), so a commit could plant parse results`,
      { hint: `Remove it from git (git rm -r --cached <folder>) or ${hint[0]!.toLowerCase()}${hint.slice(1)}` },
    );
  const inner = lstatOrUndefined(join(root, name));
  if (inner && (inner.isSymbolicLink() || !inner.isDirectory()))
    throw new CacheError(
      'CACHE_REFUSED',
      `Refusing the cache folder ${root}: ${name} is ${inner.isSymbolicLink() ? 'a symbolic link, and ccf never follows one for its cache' : 'not a folder'}`,
      { hint: `Delete ${join(root, name)}; ccf makes the folder again.` },
    );
}

interface Entry {
  /** Content key (SHA-256 of the bytes, or a git blob SHA) and any aliases (a stat signature). */
  keys: string[];
  /** The encoded record; decoded on first use. */
  text: string;
  file?: ParsedFile;
  /** The record's authentication tag as on disk; dropped when the keys change, made again on flush. */
  tag?: string;
}

export interface DiskCacheOptions {
  /** Anything else the cached result depends on (a lint config): part of the cache's name. */
  salt?: string;
  /** The key that authenticates records (default: `machineSecret()`); a record under any other key is a miss. */
  secret?: Uint8Array;
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

/** Reads a file without following a link at its own name (a shard swapped for a link reads as missing). */
function readNoFollow(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * A parse cache in `root`, keyed by path and content key, salted with the tool's code, the schemas and
 * `options.salt`. Sharded by path so one changed file rewrites one shard; each shard is written to a
 * temporary file and renamed, so a crash never leaves half a shard. A shard that cannot be read is treated
 * as empty: the cache can only make a run faster.
 *
 * Nothing in the folder is trusted: every record carries an HMAC (over the cache's name, its path, its keys
 * and its bytes) under this user's secret, and a record without a valid one is a miss. A folder that is a
 * symbolic link or that git tracks is refused (`CacheError`), and only `parse-*` folders holding ccf's
 * CACHEDIR.TAG are ever deleted.
 */
export function diskCache(root: string, options: DiskCacheOptions = {}): DiskCache {
  const name = `parse-${parseSalt(options.salt ?? '')}`;
  const dir = join(root, name);
  checkFolder(root, name);
  const secret = options.secret ?? machineSecret();
  const shards: (Map<string, Entry[]> | undefined)[] = Array.from({ length: SHARDS }, () => undefined);
  const dirty = new Set<number>();
  let hits = 0;
  let misses = 0;
  let writes = 0;

  const tagOf = (path: string, keys: string[], text: string): string =>
    createHmac('sha256', secret)
      .update(`${name}\0${JSON.stringify([path, keys])}\0`)
      .update(text)
      .digest('base64url');
  const valid = (path: string, keys: string[], text: string, tag: unknown): boolean => {
    if (typeof tag !== 'string') return false;
    const want = Buffer.from(tagOf(path, keys, text));
    const got = Buffer.from(tag);
    return got.length === want.length && timingSafeEqual(got, want);
  };

  const shard = (i: number): Map<string, Entry[]> => {
    let map = shards[i];
    if (map) return map;
    map = new Map();
    shards[i] = map;
    let text = '';
    try {
      text = readNoFollow(join(dir, `${i}.shard`));
    } catch {
      return map;
    }
    // Entries one after another: a line `[path, keys, length, tag]`, then the encoded file (length characters).
    let at = 0;
    while (at < text.length) {
      const nl = text.indexOf('\n', at);
      if (nl === -1) break;
      let header: [string, string[], number, string];
      try {
        header = JSON.parse(text.slice(at, nl)) as [string, string[], number, string];
      } catch {
        break; // A damaged shard: what follows cannot be framed, so it is a miss.
      }
      const [path, keys, length, tag] = header;
      if (
        typeof path !== 'string' ||
        !Array.isArray(keys) ||
        !keys.every((k) => typeof k === 'string') ||
        !Number.isSafeInteger(length) ||
        length < 0
      )
        break;
      const body = text.slice(nl + 1, nl + 1 + length);
      // A record this user's ccf did not write is dropped here, so it is neither served nor carried into a rewrite.
      if (body.length === length && valid(path, keys, body, tag)) {
        const list = map.get(path) ?? [];
        if (list.length < VERSIONS_PER_PATH) list.push({ keys, text: body, tag });
        map.set(path, list);
      }
      at = nl + 1 + length;
    }
    return map;
  };

  const find = (key: string, path: string): Entry | undefined =>
    shard(shardOf(path))
      .get(path)
      ?.find((e) => e.keys.includes(key));

  /** Makes the cache folder and its tagged parse folder, and checks neither is a link. */
  const prepare = (): void => {
    mkdirSync(root, { recursive: true });
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Checked again now that both exist: whatever was put there since the cache was opened is refused too.
    checkFolder(root, name);
    writeTag(dir);
  };

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
      const old = map.get(path) ?? [];
      // A record stored again (now with its Markdown facts) keeps its other keys: they name the same bytes.
      const keys = old.find((e) => e.keys.includes(key))?.keys ?? [key];
      const list = old.filter((e) => !e.keys.includes(key));
      list.unshift({ keys, text: encodeParsed(file), file });
      map.set(path, list.slice(0, VERSIONS_PER_PATH));
      dirty.add(i);
      writes++;
    },
    alias(alias, key, path) {
      const entry = find(key, path);
      if (!entry || entry.keys.includes(alias)) return;
      const i = shardOf(path);
      // A stale alias (the same stat signature for other bytes) must never survive.
      for (const other of shard(i).get(path) ?? [])
        if (other.keys.includes(alias)) {
          other.keys = other.keys.filter((k) => k !== alias);
          delete other.tag;
        }
      entry.keys.push(alias);
      delete entry.tag;
      dirty.add(i);
    },
    async flush() {
      if (dirty.size === 0) return;
      prepare();
      for (const i of [...dirty].sort((a, b) => a - b)) {
        const lines: string[] = [];
        for (const [path, list] of shards[i] ?? [])
          for (const e of list) {
            e.tag ??= tagOf(path, e.keys, e.text);
            lines.push(
              `${JSON.stringify([path, e.keys, e.text.length, e.tag])}
`,
              e.text,
            );
          }
        // Not flushed to disk: a shard lost in a power cut is a miss, and a flush per shard would cost every run. The
        // temporary file is opened exclusively, so a link planted under its name is never written through.
        await writeFileAtomic(join(dir, `${i}.shard`), lines.join(''), { sync: false });
      }
      dirty.clear();
      // Caches made by another version of the code or schemas can never be read again; only ccf's own folders go.
      for (const old of readdirSync(root))
        if (old.startsWith('parse-') && old !== name && madeByCcf(join(root, old)))
          rmSync(join(root, old), { recursive: true, force: true });
    },
    stats: () => ({ hits, misses, writes }),
  };
}
