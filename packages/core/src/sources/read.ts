import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What reading a file with a size limit gave. */
export type BoundedRead =
  { ok: true; bytes: Uint8Array } | { ok: false; problem: 'too-large'; size: number } | { ok: false; problem: 'not-a-file'; kind: string };

/** The methods `fs.Stats` and `fs.Dirent` share for the type of an entry. */
interface TypeOf {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/** What an entry that is not a regular file is, for a message: `FIFO (named pipe)`, `socket`, `folder`, … */
export function kindName(entry: TypeOf): string {
  if (entry.isDirectory()) return 'folder';
  if (entry.isSymbolicLink()) return 'symbolic link';
  if (entry.isFIFO()) return 'FIFO (named pipe)';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  return 'special file';
}

// O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever. O_NOFOLLOW: a file swapped for a
// symlink after listing fails (ELOOP) instead of being followed. Both are 0 where the platform lacks them.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a regular file of at most `limit` bytes. The type and size come from `fstat` on the opened descriptor, so
 * a FIFO, socket or device is refused without reading, and an oversized file without allocating it; at most
 * `limit` bytes are ever read, even if the file grows meanwhile. I/O errors (missing, permission) are thrown.
 */
export function readFileBounded(path: string, limit: number): BoundedRead {
  const fd = openSync(path, FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, problem: 'not-a-file', kind: kindName(st) };
    if (st.size > limit) return { ok: false, problem: 'too-large', size: st.size };
    // Exactly the size fstat gave, as readFileSync does: bytes appended meanwhile are not read, so never more
    // than `limit`, and a regular file needs one read call.
    const buffer = Buffer.allocUnsafeSlow(st.size);
    let length = 0;
    while (length < st.size) {
      const n = readSync(fd, buffer, length, st.size - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}
