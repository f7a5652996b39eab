import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RELEASE_FILE_BYTES, readFileBounded, sha256 } from '@ccf/core/node';

// A release folder checked against the SHA-256 of its manifest (the trust anchor, from releases/index.json or a
// journal): the manifest, then every file it lists, byte for byte, and nothing more in the folder. Shared by
// `ccf verify` and the recovery of an interrupted `ccf release`.

/** One file of a release that fails its check: the file (relative to the folder) and what is wrong with it. */
export interface VerifyProblem {
  file: string;
  message: string;
}

export interface VerifyResult {
  /** The files the manifest lists (manifest.json not counted). */
  listed: number;
  problems: VerifyProblem[];
  /** The manifest as parsed, when it is JSON with a files list. */
  manifest?: { version?: unknown; files: { path: string; bytes: number; sha256: string }[] };
}

/** The manifest schema's own pattern for a file path: one plain name, so no entry can name a file outside the folder. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const shown = (s: string): string => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** A file of the folder, read only if it is a regular file (no symlink, FIFO or device) of a sane size. */
function readEntry(path: string): { bytes: Uint8Array } | { problem: string } {
  try {
    const r = readFileBounded(path, MAX_RELEASE_FILE_BYTES);
    if (r.ok) return { bytes: r.bytes };
    return { problem: r.problem === 'too-large' ? `${r.size} bytes, more than ccf reads` : `a ${r.kind}, not a regular file` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'missing' };
    // O_NOFOLLOW: a symbolic link is refused, never followed out of the folder.
    if (code === 'ELOOP') return { problem: 'a symbolic link, not a regular file' };
    return { problem: `unreadable (${code ?? 'error'})` };
  }
}

/**
 * Checks `dir` against `manifestSha256`: manifest.json must have that SHA-256, list each file once by a plain name,
 * and every listed file must have exactly its bytes and SHA-256; a file the manifest does not list is a problem too.
 * Reads nothing outside `dir` (names that are not plain file names are reported, never opened).
 */
export async function verifyReleaseFolder(dir: string, manifestSha256: string | undefined): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const read = readEntry(join(dir, 'manifest.json'));
  if (!('bytes' in read)) return { listed: 0, problems: [{ file: 'manifest.json', message: `Unexpected manifest.json: ${read.problem}` }] };
  const actual = sha256(read.bytes);
  if (manifestSha256 !== undefined && actual !== manifestSha256)
    problems.push({ file: 'manifest.json', message: `Unexpected SHA-256 ${actual}, expected ${manifestSha256} (the pinned manifest)` });

  let manifest: VerifyResult['manifest'];
  try {
    const data = JSON.parse(new TextDecoder().decode(read.bytes)) as { version?: unknown; files?: unknown };
    if (!Array.isArray(data.files)) throw new Error('no files list');
    manifest = { version: data.version, files: data.files as never };
  } catch (e) {
    problems.push({
      file: 'manifest.json',
      message: `Unexpected manifest.json (${(e as Error).message}), expected JSON with a files list`,
    });
    return { listed: 0, problems };
  }

  const listed = new Set<string>(['manifest.json']);
  manifest.files.forEach((f: unknown, i) => {
    const entry = f as { path?: unknown; bytes?: unknown; sha256?: unknown } | null;
    const path = entry?.path;
    if (typeof path !== 'string' || !FILE_NAME.test(path)) {
      const name = typeof path === 'string' ? shown(path) : 'no path';
      problems.push({
        file: 'manifest.json',
        message: `Unexpected path ${name} in files[${i}], expected a file name inside the release folder (not read)`,
      });
      return;
    }
    if (typeof entry!.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry!.sha256) || typeof entry!.bytes !== 'number') {
      problems.push({ file: 'manifest.json', message: `Unexpected files[${i}] (${path}) without bytes and a SHA-256, expected both` });
      return;
    }
    if (listed.has(path)) {
      problems.push({ file: 'manifest.json', message: `Unexpected second entry for ${path} in files[${i}], expected each file once` });
      return;
    }
    listed.add(path);
    const expected = `${entry!.bytes} bytes, SHA-256 ${entry!.sha256}`;
    const got = readEntry(join(dir, path));
    if (!('bytes' in got)) {
      problems.push({
        file: path,
        message: got.problem === 'missing' ? `Missing file, expected ${expected}` : `Unexpected ${got.problem}, expected ${expected}`,
      });
      return;
    }
    const hash = sha256(got.bytes);
    if (hash !== entry!.sha256 || got.bytes.byteLength !== entry!.bytes)
      problems.push({ file: path, message: `Unexpected ${got.bytes.byteLength} bytes, SHA-256 ${hash}, expected ${expected}` });
  });

  const present = await readdir(dir);
  for (const name of present.sort())
    if (!listed.has(name)) {
      const kind = (await lstat(join(dir, name)).catch(() => undefined))?.isDirectory() ? 'folder' : 'file';
      problems.push({ file: name, message: `Unexpected ${kind}, expected only the files manifest.json lists` });
    }
  return { listed: listed.size - 1, problems, manifest };
}
