import { relative } from 'node:path';
import { countBySeverity } from '@ccf/core';
import { createApp, DEFAULT_WINDOW_DAYS, defaultRelease, type PinningOptions } from '@ccf/server';
import { createContentEditor, createNodeStore, hostsFor, listen, type NodeStore, type Running } from '@ccf/server/node';
import { Option, type Command } from 'commander';
import { CommandError, UsageError, type Io } from '../io.js';
import { findRepoRoot } from '../repo.js';

export interface ServeOptions {
  port: string;
  host: string;
  source?: string;
  watch?: boolean;
  edit?: boolean;
  /** What /api/v1 answers without `?release=`: `content` (the preview) or `release` (ADR 0020). */
  apiDefault?: string;
  /** Days a new major release waits before it becomes the default (with `--api-default release`). */
  window?: string;
}

/** The pinning options of `--api-default` and `--window`, checked. */
export function pinningOf(options: Pick<ServeOptions, 'apiDefault' | 'window'>): PinningOptions {
  const apiDefault = options.apiDefault ?? 'content';
  if (apiDefault !== 'content' && apiDefault !== 'release')
    throw new UsageError(
      'USAGE_BAD_OPTION',
      `Unexpected --api-default \`${apiDefault.slice(0, 40)}\`, expected \`content\` or \`release\``,
    );
  const text = options.window ?? String(DEFAULT_WINDOW_DAYS);
  if (!/^\d{1,4}$/.test(text))
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected --window \`${text.slice(0, 40)}\`, expected a number of days from 0 to 9999`);
  return { apiDefault, windowDays: Number(text) };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected port \`${text}\`, expected a number from 0 to 65535`, {
      hint: 'Port 0 picks a free port.',
    });
  return port;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the preview server; resolves once it listens. Used by `ccf serve` and its tests. */
export async function startServe(options: ServeOptions, io: Io): Promise<{ running: Running; store: NodeStore }> {
  const port = parsePort(options.port);
  const pinning = pinningOf(options);
  const host = options.host;
  if (!/^[A-Za-z0-9.:-]+$/.test(host))
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected host \`${host}\`, expected an address such as 127.0.0.1`);
  // Edit pages write files: only this machine's user may reach them, never the network.
  if (options.edit && !LOOPBACK.has(host))
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected --edit with --host ${host}, expected a loopback address`, {
      hint: 'The edit pages write content files, so they are served to this machine only: drop --host, or use --host 127.0.0.1.',
    });
  const repoRoot = findRepoRoot(io.cwd);
  const store = await createNodeStore({
    repoRoot,
    // The default is named `content` from the repository root, so pages say "read from content".
    cwd: options.source ? io.cwd : repoRoot,
    source: options.source ?? 'content',
    // The edit pages show the file as it is on disk after a save elsewhere, too.
    watch: Boolean(options.watch || options.edit),
    onReload: (s) => {
      const errors = countBySeverity(s.diagnostics).error;
      const first = s.problems?.[0];
      io.stderr(
        first
          ? `ccf: ${first.file === '.' ? '' : `${first.file}:${first.line}:${first.column}: `}${first.message}${s.problems!.length > 1 ? ` (and ${s.problems!.length - 1} more)` : ''}; still serving the last content that loaded\n`
          : `ccf: reloaded (${s.framework.clusters.length} clusters${errors ? `, ${errors} lint errors` : ''})\n`,
      );
    },
    log: (line) => io.stderr(`${line}\n`),
  });
  if (options.watch && !store.contentDir) io.stderr('ccf: --watch has no effect on a git ref or a release; serving it as it is\n');
  if (options.edit && !store.contentDir) {
    await store.close();
    throw new UsageError('USAGE_BAD_OPTION', 'Unexpected --edit with a git ref or a release, expected a content folder', {
      hint: 'Edit the work tree: `ccf serve --edit` (or --source pointing at a content folder).',
    });
  }
  const editor = options.edit ? await createContentEditor({ store, repoRoot }) : undefined;
  const app = createApp(store, { allowedHosts: hostsFor(host), pinning, ...(editor ? { editor } : {}) });
  let running: Running;
  try {
    running = await listen(app, { port, host });
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CommandError('SERVE_PORT_IN_USE', `Port ${port} on ${host} is in use`, {
        hint: 'Stop the other server, or pick another port: `ccf serve --port 8788` (0 picks a free one).',
        cause: e,
      });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError('USAGE_BAD_OPTION', `Cannot listen on ${host}: not an address of this machine`, { cause: e });
    if (code === 'EACCES')
      throw new CommandError('SERVE_PORT_DENIED', `Not allowed to listen on port ${port}`, {
        hint: 'Ports below 1024 need privileges; use the default 8787.',
        cause: e,
      });
    throw e;
  }
  const s = store.snapshot();
  const where = store.contentDir ? relative(io.cwd, store.contentDir) || '.' : s.framework.source.label;
  io.stdout(`ccf: serving ${s.framework.meta.title} ${s.framework.meta.version} from ${where} at ${running.url}\n`);
  if (pinning.apiDefault === 'release') {
    const d = defaultRelease(s.releases, pinning.windowDays);
    io.stdout(`ccf: /api/v1 answers from ${d ? `release ${d}` : `${where} (no release yet)`} unless a request names one\n`);
  }
  if (editor) io.stdout(`ccf: edit mode: every page has Edit; saves write to ${where} (nothing is committed)\n`);
  if (options.watch && store.contentDir) io.stdout(`ccf: watching ${where} for changes; open pages reload by themselves\n`);
  if (!LOOPBACK.has(host)) io.stderr(`ccf: listening on ${host}: other machines on the network can read this preview\n`);
  if (s.problems?.length || s.diagnostics.some((d) => d.severity === 'error'))
    io.stderr(`ccf: the content has lint errors; see ${running.url}lint\n`);
  return { running, store };
}

/** Resolves on SIGINT or SIGTERM: how a foreground server is stopped. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `ccf serve`: the preview site and read API on 127.0.0.1:8787, until Ctrl-C. */
export function registerServe(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('preview the framework in a browser and serve the read API (/api/v1)')
    // From the environment too: a script that starts several servers (or `npm start`) can pick the port.
    .addOption(new Option('-p, --port <port>', 'port to listen on (0: any free port)').default('8787').env('CCF_PORT'))
    .option('--host <address>', 'address to listen on; the default answers this machine only', '127.0.0.1')
    .argument('[folder]', 'a content folder or a state overlay folder to show (the same as --source)')
    .option(
      '-s, --source <source>',
      'what to show: a content folder, a state overlay folder, a git ref, or a release such as @1.0.0 (default: content)',
    )
    .option('-w, --watch', 'reload when a content file changes, and refresh open pages')
    .option(
      '--api-default <what>',
      'what /api/v1 answers without ?release=: content (the preview) or release (the default release)',
      'content',
    )
    .option(
      '--window <days>',
      'with --api-default release: days a new major release waits before it becomes the default',
      String(DEFAULT_WINDOW_DAYS),
    )
    .option('--edit', 'edit clusters and sub-clusters in the browser (this machine only; implies --watch)')
    .action(async (folder: string | undefined, options: ServeOptions) => {
      if (folder !== undefined && options.source !== undefined && folder !== options.source)
        throw new UsageError(
          'USAGE_BAD_OPTION',
          `Unexpected folder \`${folder.slice(0, 80)}\` and --source \`${options.source.slice(0, 80)}\`, expected one of them`,
          {
            hint: 'Name what to show once: `ccf serve my-state` or `ccf serve --source my-state`.',
          },
        );
      const { running, store } = await startServe({ ...options, ...(folder !== undefined ? { source: folder } : {}) }, io);
      await untilStopped();
      await store.close();
      await running.close();
      io.stderr('ccf: stopped\n');
      setExit(0);
    });
}
