import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../types.js';
import type { FileSource, SourceEntry } from './types.js';

const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Reads content from a folder laid out as `framework.md` + `clusters/<id>/*.md`. Symlinks are never followed. */
export function directorySource(root: string, label = root): FileSource {
  const base = resolve(root);
  return {
    kind: 'files',
    info: { label, kind: 'directory' },
    async list() {
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
      else if (fw) warn('framework.md', 'not-a-file', 'Unexpected folder named `framework.md`, expected a file');

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
          else if (f.isDirectory()) warn(path, 'not-a-file', `Unexpected folder named \`${f.name}\`, expected a Markdown file`);
          else if (f.isFile()) entries.push({ path });
        }
      }
      return { entries, diagnostics };
    },
    async read(entries) {
      const out = new Map<string, Uint8Array>();
      // Bounded concurrency: tens of thousands of files must not exhaust file descriptors.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < entries.length) {
          const e = entries[next++]!;
          const bytes = await readFile(join(base, e.path)).catch(() => undefined);
          if (bytes) out.set(e.path, bytes);
        }
      };
      await Promise.all(Array.from({ length: Math.min(64, entries.length) }, worker));
      return out;
    },
  };
}

/** Code-unit order: the same everywhere, whatever the locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
