import { watch as fsWatch, type FSWatcher as FsWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';

/** What happened to a watched folder: a file in it changed, the folder went away, or it is back (possibly as a new folder). */
export type FolderEvent = 'change' | 'missing' | 'restored';

export interface WatchFolderOptions {
  /** Paths to leave out (tested against absolute paths). */
  ignored?: (path: string) => boolean;
  /** Poll the files every `pollMs` ms instead of using file-system events. */
  pollMs?: number;
  /** How often to check that the folder itself is still the one being watched, ms. Default 1000. */
  checkMs?: number;
}

export interface FolderWatch {
  /** Whether the folder exists (as far as the watcher knows). */
  readonly present: boolean;
  /** Stops watching. */
  close(): Promise<void>;
}

/** The identity of a folder: a folder deleted and made again (`rm -rf content && git checkout content`) is a new one. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path, { bigint: true });
    return st.isDirectory() ? `${st.dev}:${st.ino}:${st.birthtimeNs}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches a folder tree and survives the folder being removed, replaced or not existing yet: a recursive
 * watcher on a deleted folder hears nothing ever again, so the parent folder is watched too (and checked
 * every `checkMs`), and the tree watcher is attached again to whatever folder now has the name. Resolves
 * once the first tree watcher is ready. The watch keeps the process alive until closed.
 */
export async function watchFolder(
  root: string,
  onEvent: (event: FolderEvent) => void,
  options: WatchFolderOptions = {},
): Promise<FolderWatch> {
  const path = resolve(root);
  let tree: FSWatcher | undefined;
  let treeId: string | undefined;
  // Set when the tree watcher saw its own root go: it will not hear anything under that name again.
  let treeDead = false;
  let parent: FsWatcher | undefined;
  let closed = false;
  let checking: Promise<void> = Promise.resolve();
  let soon: ReturnType<typeof setTimeout> | undefined;

  const attach = async (id: string): Promise<void> => {
    // Loaded here, not at start-up: only `--watch` and the preview server watch, and every other command paid for it.
    const { watch } = await import('chokidar');
    const w = watch(path, {
      ignoreInitial: true,
      ...(options.ignored ? { ignored: options.ignored } : {}),
      ...(options.pollMs ? { usePolling: true, interval: options.pollMs, binaryInterval: options.pollMs } : {}),
    });
    w.on('all', (event, p) => {
      if (w !== tree) return;
      if (resolve(p) === path && event === 'unlinkDir') {
        treeDead = true;
        schedule();
      } else onEvent('change');
    });
    w.on('error', () => {
      if (w !== tree) return;
      treeDead = true;
      schedule();
    });
    tree = w;
    treeId = id;
    treeDead = false;
    await new Promise<void>((ready) => w.once('ready', () => ready()));
  };
  const detach = async (): Promise<void> => {
    const w = tree;
    tree = undefined;
    treeId = undefined;
    // chokidar's close() can wait on handles for long on a busy machine; nobody needs to wait for it.
    if (w) await Promise.race([w.close(), new Promise((r) => setTimeout(r, 1000).unref())]);
  };
  const watchParent = (): void => {
    if (parent || closed) return;
    try {
      const name = basename(path);
      parent = fsWatch(dirname(path), (_event, file) => {
        if (!file || file.toString() === name) schedule();
      });
      parent.on('error', () => {
        parent?.close();
        parent = undefined;
      });
    } catch {
      // The parent is gone as well: the periodic check keeps looking.
      parent = undefined;
    }
  };

  /** Compares the folder on disk with the one being watched and follows it. */
  const check = (): Promise<void> =>
    (checking = checking.then(async () => {
      if (closed) return;
      watchParent();
      const id = await identity(path);
      if (closed) return;
      if (!id) {
        if (!tree) return;
        await detach();
        onEvent('missing');
      } else if (!tree || treeDead || id !== treeId) {
        const wasPresent = Boolean(tree) && !treeDead;
        await detach();
        await attach(id);
        // A folder replaced between two checks still means everything in it may differ.
        onEvent(wasPresent ? 'change' : 'restored');
      }
    }));
  function schedule(): void {
    clearTimeout(soon);
    soon = setTimeout(() => void check(), 50);
  }

  watchParent();
  const first = await identity(path);
  if (first) await attach(first);
  const timer = setInterval(() => void check(), options.checkMs ?? 1000);

  return {
    get present() {
      return Boolean(tree) && !treeDead;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(soon);
      parent?.close();
      parent = undefined;
      await checking;
      await detach();
    },
  };
}
