// The Node side of `ccf serve --edit`: reads, checks and writes content files for the edit pages, and nothing
// outside the content folder (ADR 0022).
import { execFile } from 'node:child_process';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { FileSource, SourceEntry } from '@ccf/core';
import { directorySource, loadFramework, parseFile, schemasDir, sha256, writeFileAtomic } from '@ccf/core/node';
import { formatFile, lint } from '@ccf/lint';
import type { CheckedFile, ContentEditor, EditedFile } from './edit/editor.js';
import { HttpError } from './errors.js';
import type { NodeStore } from './store.js';

export interface ContentEditorOptions {
  /** The store the preview serves: its content folder is the one edited, and it reloads after each save. */
  store: NodeStore;
  /** Repository root, for the change report's base commit. */
  repoRoot: string;
}

/** The only files the editor touches: a cluster's index.md or a sub-cluster file, by ids (so no `..`, no odd names). */
const EDITABLE = /^clusters\/([a-z0-9]+(?:-[a-z0-9]+)*)\/(?:index|[a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

const git = (cwd: string, args: string[]): Promise<string | undefined> =>
  new Promise((done) => {
    execFile('git', args, { cwd, timeout: 10_000 }, (err, stdout) => done(err ? undefined : stdout.trim()));
  });

/** A content editor over the store's content folder. Refuses when the store does not read a folder. */
export async function createContentEditor({ store, repoRoot }: ContentEditorOptions): Promise<ContentEditor> {
  if (!store.contentDir) throw new Error('Editing needs a content folder, not a git ref or a release');
  const root = await realpath(store.contentDir);
  const source = directorySource(root, 'content');
  let queue: Promise<unknown> = Promise.resolve();
  // The schemas ccf checks with (core's own copy), so the form matches the checks whatever the repository holds.
  const schemas = new Map(
    await Promise.all(
      ['cluster.schema.json', 'subcluster.schema.json', 'common.schema.json'].map(async (name): Promise<[string, string]> => [
        name,
        await readFile(join(schemasDir, name), 'utf8'),
      ]),
    ),
  );

  /** The absolute path of an editable file, after checking that neither it nor a folder above it leads elsewhere. */
  const place = async (file: string): Promise<string> => {
    const m = EDITABLE.exec(file);
    if (!m) throw new HttpError(400, 'bad-path', `Unexpected file \`${file}\`, expected \`clusters/<cluster>/<id>.md\``);
    const abs = join(root, file);
    const folder = join(root, 'clusters', m[1]!);
    // A symlinked folder (`clusters/x -> /etc`) resolves elsewhere: refused.
    const real = await realpath(dirname(abs)).catch(() => undefined);
    if (real !== folder || !real.startsWith(root + sep))
      throw new HttpError(403, 'outside-content', `Unexpected folder for \`${file}\`, expected a real folder inside the content folder`);
    const info = await lstat(abs).catch(() => undefined);
    if (info && !info.isFile())
      throw new HttpError(403, 'not-a-file', `Unexpected \`${file}\`: not a regular file (a symlink?), so it is never edited`);
    return abs;
  };

  const read = async (file: string): Promise<EditedFile | undefined> => {
    const abs = await place(file);
    const bytes = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    return bytes ? { text: new TextDecoder().decode(bytes), hash: sha256(bytes) } : undefined;
  };

  const check = async (file: string, text: string): Promise<CheckedFile> => {
    await place(file);
    const formatted = formatFile(file, text);
    const output = formatted.status === 'skipped' ? text : formatted.output;
    const bytes = new TextEncoder().encode(output);
    // The content as it would be: the folder, with this one file replaced (or added).
    const overlay: FileSource = {
      kind: 'files',
      info: source.info,
      async list(options) {
        const listed = await source.list(options);
        const entries: SourceEntry[] = listed.entries.filter((e) => e.path !== file);
        entries.push({ path: file });
        return { ...listed, entries };
      },
      async read(entries) {
        const got = await source.read(entries.filter((e) => e.path !== file));
        if (entries.some((e) => e.path === file)) got.set(file, bytes);
        return got;
      },
    };
    const result = await loadFramework(overlay);
    const parsed = result.files.find((f) => f.path === file) ?? result.orphans.find((f) => f.path === file) ?? parseFile(file, bytes);
    return {
      text: output,
      data: parsed.data,
      body: parsed.body,
      bodyLine: parsed.bodyLine,
      positions: parsed.positions,
      diagnostics: lint(result).filter((d) => d.file === file),
    };
  };

  const write = (file: string, text: string, expected: string | null): Promise<'written' | 'changed'> => {
    // One save at a time: the hash check and the rename must not interleave with another save.
    const run = queue.then(async (): Promise<'written' | 'changed'> => {
      const abs = await place(file);
      const current = await read(file);
      if (expected === null ? current !== undefined : current?.hash !== expected) return 'changed';
      await writeFileAtomic(abs, text);
      await store.reload();
      return 'written';
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const base = async (): Promise<{ spec: string; label: string } | undefined> => {
    // What a pull request would show: everything since this branch left main (or since HEAD, without a main).
    const main = await git(repoRoot, ['rev-parse', '--verify', '--quiet', 'refs/heads/main']);
    const mergeBase = main ? await git(repoRoot, ['merge-base', 'HEAD', main]) : undefined;
    if (mergeBase && /^[0-9a-f]{40}$/.test(mergeBase))
      return { spec: mergeBase, label: `the point where this branch left main (${mergeBase.slice(0, 12)})` };
    const head = await git(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    if (head && /^[0-9a-f]{40}$/.test(head)) return { spec: head, label: `the last commit, HEAD (${head.slice(0, 12)})` };
    return undefined;
  };

  return { schemas, read, check, write, base };
}
