import { lstatSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileTooLarge, MAX_FILE_BYTES } from '../parse.js';
import type { Diagnostic } from '../types.js';
import { kindName, readFileBounded } from './read.js';
import { badName, isIdName } from './names.js';
import type { FileSource, SourceEntry } from './types.js';

const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };
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
      const warn = (file: string, ruleId: string, message: string, note?: string): void => {
        diagnostics.push({ file, ...at1, ruleId, severity: 'error', message, ...(note ? { note } : {}) });
      };
      const fw = await lstat(join(base, 'framework.md')).catch(() => undefined);
      if (fw?.isFile()) entries.push({ path: 'framework.md' });
      else if (fw?.isSymbolicLink())
        warn(
          'framework.md',
          'symlink',
          'Unexpected symbolic link, expected a regular file',
          'ccf never follows links: copy the file into content/.',
        );
      else if (fw) warn('framework.md', 'not-a-file', `Unexpected ${kindName(fw)} named \`framework.md\`, expected a Markdown file`);

      const clusters = await readdir(join(base, 'clusters'), { withFileTypes: true }).catch(() => []);
      for (const dir of clusters.sort((a, b) => cmp(a.name, b.name))) {
        const dirPath = `clusters/${dir.name}`;
        if (dir.isSymbolicLink()) {
          warn(
            dirPath,
            'symlink',
            'Unexpected symbolic link, expected a cluster folder',
            'ccf never follows links out of the content folder.',
          );
          continue;
        }
        if (!dir.isDirectory()) {
          if (dir.name.endsWith('.md'))
            warn(
              dirPath,
              'unexpected-file',
              'Unexpected file directly under `clusters/`, expected a folder per cluster',
              'Move it to `clusters/<cluster-id>/index.md` or into a cluster folder.',
            );
          continue;
        }
        if (!isIdName(dir.name)) {
          diagnostics.push(badName(dirPath, dir.name, 'folder'));
          continue;
        }
        const files = await readdir(join(base, dirPath), { withFileTypes: true });
        for (const f of files.sort((a, b) => cmp(a.name, b.name))) {
          const path = `${dirPath}/${f.name}`;
          if (!f.name.endsWith('.md')) {
            if (f.isDirectory())
              warn(
                path,
                'unexpected-file',
                'Unexpected folder inside a cluster folder, expected only `.md` files',
                'Sub-clusters are files: `clusters/<cluster-id>/<id>.md`.',
              );
            continue;
          }
          if (f.isSymbolicLink())
            warn(
              path,
              'symlink',
              'Unexpected symbolic link, expected a regular file',
              'ccf never follows links: copy the file into content/.',
            );
          else if (f.isFile()) {
            const stem = f.name.slice(0, -3);
            if (stem === 'index' || isIdName(stem)) entries.push({ path });
            else diagnostics.push(badName(path, stem, 'file'));
          }
          // A FIFO, socket or device: reading it could wait forever or never end; a folder has nothing to read.
          else warn(path, 'not-a-file', `Unexpected ${kindName(f)} named \`${f.name}\`, expected a Markdown file`);
        }
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
          else
            out.set(e.path, {
              file: e.path,
              ...at1,
              ruleId: 'not-a-file',
              severity: 'error',
              message: `Unexpected ${r.kind} named \`${e.path.slice(e.path.lastIndexOf('/') + 1)}\`, expected a Markdown file`,
            });
        } catch {
          // Missing from the map: the loader reports it as unreadable.
        }
      }
      return out;
    },
  };
}

/** Code-unit order: the same everywhere, whatever the locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
