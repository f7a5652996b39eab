// Runs `ccf` from its TypeScript sources in a child process (as a user would, so exit codes and a process
// that quietly ends are visible), over a temporary repository made from the server's fixture framework.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../../', import.meta.url).pathname;
/** Two clusters (health-care, digital-technology), three sub-clusters. */
export const fixture = join(repoRoot, 'packages/server/test/fixtures/basic');
const bin = join(repoRoot, 'packages/cli/src/bin.ts');
const tsx = import.meta.resolve('tsx');

export interface Ccf {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code once the process has ended (null while it runs). */
  exitCode: () => number | null;
}

const children = new Set<ChildProcess>();

/** Starts `ccf …args` in `cwd`. Stop every one with `killAll()` in afterEach. */
export function ccf(args: string[], cwd: string): Ccf {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  let code: number | null = null;
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.on('exit', (c, signal) => {
    code = c ?? (signal ? 128 : -1);
    children.delete(child);
  });
  return { child, stdout: () => out, stderr: () => err, exitCode: () => code };
}

/** Ends every child still running and waits for it. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Polls `check` until it returns something truthy; fails after `ms` (generous: the machine may be busy) or
 * as soon as the process under test (`proc`) has ended.
 */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  options: { ms?: number; proc?: Ccf } = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const end = Date.now() + (options.ms ?? 60_000);
  let last: unknown;
  for (;;) {
    const code = options.proc?.exitCode();
    if (code !== undefined && code !== null)
      throw new Error(`ccf ended with exit code ${code} while waiting for ${what}\nstderr: ${options.proc!.stderr()}`);
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A temporary repository whose `content/` is the fixture framework. */
export async function tempRepo(prefix: string): Promise<{ dir: string; content: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(fixture, join(dir, 'content'), { recursive: true });
  return { dir, content: join(dir, 'content'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a copy of the fixture to `dest` with the health-care cluster titled `title`. */
export async function fixtureTitled(dest: string, title: string): Promise<void> {
  await cp(fixture, dest, { recursive: true });
  const file = join(dest, 'clusters/health-care/index.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('title: Healthcare & Human Services', `title: ${title}`));
}

/** Starts `ccf serve --port 0 …args` and resolves with its URL once it listens. */
export async function serve(args: string[], cwd: string): Promise<{ proc: Ccf; url: string }> {
  const proc = ccf(['serve', '--port', '0', ...args], cwd);
  const url = await until('the server to listen', () => /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(proc.stdout())?.[1], { proc });
  return { proc, url };
}

/** Every file of the fixture, keyed by its path under `content/`. */
async function fixtureFiles(): Promise<Record<string, string>> {
  const { readdir } = await import('node:fs/promises');
  const files: Record<string, string> = {};
  for (const e of await readdir(fixture, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    files[`content/${path.slice(fixture.length + 1)}`] = await readFile(path, 'utf8');
  }
  return files;
}

/**
 * A git repository (branch `main`) holding the fixture content, with a copy of release 1.0.0 in releases/: what
 * `ccf serve` shows a user. Its path is what no HTTP response may reveal.
 */
export async function servedRepo(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const { gitRepo } = await import('@ccf/core/testing');
  const repo = await gitRepo(await fixtureFiles());
  await cp(join(repoRoot, 'releases/1.0.0'), join(repo.dir, 'releases/1.0.0'), { recursive: true });
  // The index pins each release's manifest: without its entry, the release would (rightly) fail its integrity check.
  const index = JSON.parse(await readFile(join(repoRoot, 'releases/index.json'), 'utf8')) as { releases: { version: string }[] };
  const releases = index.releases.filter((r) => r.version === '1.0.0');
  await writeFile(join(repo.dir, 'releases/index.json'), `${JSON.stringify({ ...index, releases }, null, 2)}\n`);
  return { dir: repo.dir, cleanup: () => repo.cleanup() };
}
