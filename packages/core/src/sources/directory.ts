import { lstatSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { place, type EntryType, type Placement } from '../layout.js';
import { fileTooLarge, MAX_FILE_BYTES } from '../parse.js';
import { cmp } from '../text.js';
import type { Diagnostic } from '../types.js';
import { kindName, readFileBounded } from './read.js';
import type { FileSource, SourceEntry } from './types.js';

/** An lstat result or a directory entry as the layout sees it: links are never followed. */
function typeOf(st: Parameters<typeof kindName>[0]): EntryType {
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
}

/**
 * Device, inode, size, mtime and ctime in nanoseconds: any write changes at least the ctime. A file
 * changed within `racy` ns gets none: a second change in the same clock tick could keep its times.
 */
function statSignature(file: string, now: bigint, racy: bigint): string | undefined {
  try {
    const st = lstatSync(file, { bigint: true });
    if (!st.isFile() || st.ctimeNs > now - racy || st.mtimeNs > now - racy) return undefined;
    return `stat:${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return undefined;
  }
}

export interface DirectoryOptions {
  /** Files changed this recently (ms) get no stat signature. Default 2000; tests lower it. */
  racyMs?: number;
}

/** Reads content from a folder laid out as `framework.md` + `clusters/<id>/*.md`. Symlinks are never followed. */
export function directorySource(root: string, label = root, options: DirectoryOptions = {}): FileSource {
  const racy = BigInt(options.racyMs ?? 2000) * 1_000_000n;
  const base = resolve(root);
  return {
    kind: 'files',
    info: { label, kind: 'directory' },
    async list(options = {}) {
      const entries: SourceEntry[] = [];
      const diagnostics: Diagnostic[] = [];
      const consider = (path: string, entry: Parameters<typeof kindName>[0]): Placement => {
        const placement = place(path, typeOf(entry), kindName(entry));
        if (placement === 'content') entries.push({ path });
        else if (typeof placement === 'object') diagnostics.push(placement.problem);
        return placement;
      };
      const fw = await lstat(join(base, 'framework.md')).catch(() => undefined);
      if (fw) consider('framework.md', fw);

      const clusters = await readdir(join(base, 'clusters'), { withFileTypes: true }).catch(() => []);
      for (const dir of clusters.sort((a, b) => cmp(a.name, b.name))) {
        const dirPath = `clusters/${dir.name}`;
        if (consider(dirPath, dir) !== 'descend') continue;
        const files = await readdir(join(base, dirPath), { withFileTypes: true });
        for (const f of files.sort((a, b) => cmp(a.name, b.name))) consider(`${dirPath}/${f.name}`, f);
      }
      if (options.stat) {
        const now = BigInt(Date.now()) * 1_000_000n;
        for (const e of entries) {
          const sig = statSignature(join(base, e.path), now, racy);
          if (sig) e.stat = sig;
        }
      }
      return { entries, diagnostics };
    },
    async read(entries) {
      const out = new Map<string, Uint8Array | Diagnostic>();
      // Synchronous on purpose: for tens of thousands of small files, one thread-pool round trip
      // per file costs several times the read itself (measured 3 s vs 11 s for 50,000 files).
      for (const e of entries) {
        try {
          // The file may have changed since it was listed: type and size are checked again on what is opened.
          const r = readFileBounded(join(base, e.path), MAX_FILE_BYTES);
          if (r.ok) out.set(e.path, r.bytes);
          else if (r.problem === 'too-large') out.set(e.path, fileTooLarge(e.path, r.size));
          else {
            // Swapped for a FIFO, a device or a folder since it was listed: the layout's message for what it is now.
            const placement = place(e.path, 'other', r.kind);
            if (typeof placement === 'object') out.set(e.path, placement.problem);
          }
        } catch {
          // Missing from the map: the loader reports it as unreadable.
        }
      }
      return out;
    },
  };
}
