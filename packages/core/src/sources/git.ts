import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SimpleGit, simpleGit as SimpleGitFactory } from 'simple-git';
import { placeListing, type EntryType } from '../layout.js';
import { fileTooLarge, MAX_FILE_BYTES } from '../parse.js';
import { printable, refProblem } from '../ref.js';
import { cmp } from '../text.js';
import type { Diagnostic, SourceInfo } from '../types.js';
import { SourceError } from '../errors.js';
import type { FileSource, SourceEntry } from './types.js';

let simpleGitFactory: typeof SimpleGitFactory | undefined;
/**
 * simple-git, loaded the first time a git ref is read: most runs of `ccf lint` never read one, and loading it (and its
 * dependencies) at start-up was a measurable part of a whole `ccf lint`. Its CommonJS build is required, so git()
 * stays synchronous.
 */
function loadSimpleGit(): typeof SimpleGitFactory {
  simpleGitFactory ??= (createRequire(import.meta.url)('simple-git') as { simpleGit: typeof SimpleGitFactory }).simpleGit;
  return simpleGitFactory;
}

export interface GitSourceOptions {
  /** Any folder inside the repository (or a bare repository). */
  repo: string;
  /** What the user typed: a branch, tag, SHA or `HEAD~1`. Checked against an allowlist before git sees it. */
  ref: string;
  /** Folder inside the tree that holds the content, e.g. `content`. */
  contentDir: string;
  /** Called with every git argv before it runs (tests snapshot it). */
  trace?: (argv: string[]) => void;
}

const DIR = /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads content from a git commit without a checkout: `rev-parse` resolves the ref to a SHA, `ls-tree` lists the
 * content folder, one `cat-file --batch` reads every blob. Works in a bare clone; never touches the work tree.
 * Entries carry their blob SHA as `key`, so a ParseCache never parses an unchanged file twice.
 */
export function gitSource(options: GitSourceOptions): FileSource {
  const { ref, trace } = options;
  const problem = refProblem(ref);
  if (problem)
    throw new SourceError(
      'SOURCE_BAD_NAME',
      `Unexpected version \`${printable(ref)}\`, expected a folder, a git ref or \`@<version>\`: ${problem}`,
      {
        hint: 'Name a branch (`main`, `origin/main`), a tag (`v1.0.0`), a commit SHA, `HEAD~1`, a content folder, or a release such as `@1.0.0`.',
      },
    );
  const contentDir = options.contentDir.replace(/\/+$/, '');
  if (!DIR.test(contentDir) || contentDir.split('/').some((s) => s === '..' || s === '.'))
    throw new SourceError(
      'SOURCE_BAD_CONTENT_DIR',
      `Unexpected content folder \`${printable(contentDir)}\`, expected a plain relative path such as \`content\``,
    );
  if (!existsSync(options.repo)) throw new SourceError('SOURCE_NOT_A_REPOSITORY', `Not a git repository: ${options.repo}`);

  const info: SourceInfo = { label: ref, kind: 'git' };
  let resolved: string | undefined;
  /** Blob sizes from `ls-tree -l`: an oversized blob is refused before git is asked for its bytes. */
  const sizes = new Map<string, number>();

  const git = (input?: string): SimpleGit =>
    loadSimpleGit()({ baseDir: options.repo, maxConcurrentProcesses: 1, ...(input === undefined ? {} : { input: () => input }) });
  const raw = async (args: string[]): Promise<string> => {
    trace?.(['git', ...args]);
    return git().raw(args);
  };

  async function resolve(): Promise<string> {
    if (resolved) return resolved;
    let out: string;
    try {
      out = await raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    } catch (error) {
      const said = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0];
      // git words its errors in the user's language: ask it a question that only a repository answers rather than
      // read its message.
      const isRepository = await raw(['rev-parse', '--git-dir']).then(
        () => true,
        () => false,
      );
      if (!isRepository)
        throw new SourceError('SOURCE_NOT_A_REPOSITORY', `Not a git repository: ${options.repo}`, {
          hint: `Run ccf inside a git clone to compare versions by ref, or name two content folders (git: ${said}).`,
          cause: error,
        });
      throw new SourceError('SOURCE_GIT_FAILED', `Cannot read git ref \`${ref}\`: ${said}`, { cause: error });
    }
    const sha = out.trim();
    if (!SHA.test(sha))
      throw new SourceError('SOURCE_UNKNOWN_REF', `Unknown version \`${ref}\`, expected a branch, tag or commit of this repository`, {
        hint: 'List them with `git branch -a` and `git tag`; fetch first if it lives on a remote (`git fetch origin main`).',
      });
    const commit = await raw(['cat-file', 'commit', '--end-of-options', sha]);
    info.commit = sha;
    const date = commitDate(commit);
    if (date) info.date = date;
    resolved = sha;
    return sha;
  }

  return {
    kind: 'files',
    info,
    async list() {
      const sha = await resolve();
      const out = await raw(['ls-tree', '-r', '-z', '-l', '--full-tree', '--end-of-options', sha, '--', `${contentDir}/`]);
      const leaves: { path: string; key: string; type: EntryType; what: string }[] = [];
      const prefix = `${contentDir}/`;
      for (const record of out.split('\0')) {
        if (!record) continue;
        const tab = record.indexOf('\t');
        // `<mode> <type> <object> <size>\t<path>`, the size padded with spaces (`-` for a submodule).
        const [mode, type, blob, size] = record.slice(0, tab).split(/ +/);
        const full = record.slice(tab + 1);
        if (!full.startsWith(prefix) || !blob) continue;
        if (type === 'blob' && size !== undefined && /^\d+$/.test(size)) sizes.set(blob, Number(size));
        // A submodule (`commit`) is neither a file nor a folder ccf can read.
        const kind: EntryType = mode === '120000' ? 'symlink' : type === 'blob' ? 'file' : 'other';
        leaves.push({ path: full.slice(prefix.length), key: blob, type: kind, what: 'submodule' });
      }
      const placed = placeListing(leaves);
      const entries: SourceEntry[] = placed.content.map(({ path, key }) => ({ path, key }));
      const diagnostics: Diagnostic[] = placed.problems;
      entries.sort((a, b) => cmp(a.path, b.path));
      diagnostics.sort((a, b) => cmp(a.file, b.file));
      return { entries, diagnostics };
    },
    async read(entries) {
      const out = new Map<string, Uint8Array | Diagnostic>();
      const wanted = [...new Set(entries.map((e) => e.key).filter((k): k is string => k !== undefined && SHA.test(k)))];
      const unknown = wanted.filter((s) => !sizes.has(s));
      if (unknown.length) {
        // Keys not seen by list(): ask git for their sizes (headers only) before asking for any bytes.
        const args = ['cat-file', '--batch-check'];
        trace?.(['git', ...args]);
        const check = await git(unknown.map((s) => `${s}\n`).join('')).raw(args);
        for (const line of check.split('\n')) {
          const [sha, type, size] = line.split(' ');
          if (sha && type === 'blob' && size !== undefined && /^\d+$/.test(size)) sizes.set(sha, Number(size));
        }
      }
      const shas = wanted.filter((s) => (sizes.get(s) ?? Infinity) <= MAX_FILE_BYTES);
      let blobs = new Map<string, Uint8Array>();
      if (shas.length) {
        trace?.(['git', 'cat-file', '--batch']);
        blobs = parseBatch(await git(shas.map((s) => `${s}\n`).join('')).binaryCatFile(['--batch']));
      }
      for (const e of entries) {
        const size = e.key ? sizes.get(e.key) : undefined;
        const bytes = e.key ? blobs.get(e.key) : undefined;
        if (size !== undefined && size > MAX_FILE_BYTES) out.set(e.path, fileTooLarge(e.path, size));
        else if (bytes) out.set(e.path, bytes);
      }
      return out;
    },
  };
}

/** Splits `git cat-file --batch` output: `<sha> <type> <size>\n<bytes>\n` per object, `<sha> missing\n` otherwise. */
export function parseBatch(buffer: Uint8Array): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  let at = 0;
  while (at < buffer.length) {
    const nl = buffer.indexOf(10, at);
    if (nl < 0) break;
    const [sha, type, size] = text.decode(buffer.subarray(at, nl)).split(' ');
    at = nl + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    if (!Number.isSafeInteger(n) || n < 0 || at + n > buffer.length) break;
    if (type === 'blob' && sha) blobs.set(sha, buffer.subarray(at, at + n));
    at += n + 1;
  }
  return blobs;
}

/** The committer date of a raw commit object as ISO 8601 with its offset (what `%cI` prints). */
export function commitDate(commit: string): string | undefined {
  const m = /^committer .* (\d+) ([+-])(\d{2})(\d{2})$/m.exec(commit);
  if (!m) return undefined;
  const offset = (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  const local = new Date((Number(m[1]) + offset * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${m[2]}${m[3]}:${m[4]}`;
}
