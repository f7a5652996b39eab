/**
 * Runs `ccf` in a child process, on the packages' sources (no build needed), with a timeout: a test of hostile
 * input must fail, never hang. The child reports its peak resident memory on its last stderr line.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ChildResult {
  /** Exit code; null when the child was killed at the timeout. */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the child, in MiB. */
  maxRssMiB: number;
  ms: number;
}

const MARK = 'ccf-child-max-rss-kib=';

/** Node arguments that run a module of this repository on the `source` condition (TypeScript via tsx), from any folder. */
export const nodeArgs = ['--conditions=source', '--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

/** Runs `node <args>` in `cwd` with a timeout; parses the peak memory mark when present. */
export function runNode(args: string[], cwd: string, timeoutMs = 90_000): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      const at = stderr.lastIndexOf(MARK);
      const kib = at === -1 ? NaN : Number(stderr.slice(at + MARK.length).trim());
      done({
        code,
        timedOut,
        stdout,
        stderr: at === -1 ? stderr : stderr.slice(0, at),
        maxRssMiB: kib / 1024,
        ms: Date.now() - started,
      });
    });
  });
}

const entry = fileURLToPath(new URL('./ccf-child-main.ts', import.meta.url));

/** Runs `ccf <argv>` in `cwd`, killed after `timeoutMs`. */
export function runCcf(argv: string[], cwd: string, timeoutMs = 90_000): Promise<ChildResult> {
  return runNode([entry, ...argv], cwd, timeoutMs);
}
