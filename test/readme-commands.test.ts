// Every command in the README's ```sh blocks, run as written in a fresh clone: what a new editor types first.
//
// The clone is of the committed HEAD with this work tree's uncommitted changes applied and committed on top (so the
// test checks what is about to be committed, and `ccf release` has a commit to date its release by). Nothing is
// shared with this work tree: the README's own `npm ci` installs node_modules in the clone, with
// `npm_config_offline=true`, so packages come from the npm cache that this work tree's `npm ci` filled. That is
// sound because `npm ci` installs exactly the lockfile's tarballs, checked by their integrity hashes, from wherever
// they come; and offline, `npx ccf` can never fall back to downloading a registry package named `ccf`.
//
// How each command runs:
// - `npm test` is not run: this test is part of `npm test` (it would recurse); `.ci/run` runs it on a clean checkout.
// - `npm ci` runs once: it installs the same lockfile every time, and a second install costs a minute and shows
//   nothing new.
// - Commands that serve (`npm start`, `ccf serve`) start with `CCF_PORT=0` (a free port: other servers may be on
//   8787), answer one HTTP request for the URL they print with 200, and are stopped. `--watch` lints once and is
//   stopped.
// - `ccf release <version>` needs framework.md to say that version (the README says so beside it): the test sets it
//   and commits, as an editor would, then releases into the clone's `releases/`.
// - `curl … localhost:8787/…` asks a server: the test starts `npx ccf serve` (free port), runs the curl line against
//   it with `--fail` (so an HTTP error is a non-zero exit), and stops the server.
// - `gh attestation verify` is not run: it asks GitHub's attestation service about a release published on GitHub,
//   which a clone offline has no way to reach (the README says it is for consumers of a published release).
// - A command the README says exits 1 on purpose (EXPECTED_EXIT) must exit with exactly that code.
// A command that exits otherwise, or a server that prints no URL or answers anything but 200, fails the test.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands } from './readme-commands.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STEP_GUARD = 900_000;
/** Commands whose README line says they exit non-zero on purpose, with that code. */
const EXPECTED_EXIT: Record<string, number> = {
  // Writes the re-based overlay and the worklist, and exits 1 while decisions remain for the state (ADR 0021).
  'npx ccf rebase @2.0.0 --overlay examples/state-overlay --out re-based/': 1,
};

let tmp = '';
let clone = '';
let env: NodeJS.ProcessEnv = {};

function git(cwd: string, args: string[], input?: string | Buffer): string {
  const r = spawnSync('git', args, { cwd, input, encoding: 'buffer', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ccf-readme-'));
  clone = join(tmp, 'repo');
  git(tmp, ['clone', '-q', root, clone]);
  const patch = spawnSync('git', ['diff', 'HEAD', '--binary'], { cwd: root, encoding: 'buffer', maxBuffer: 1 << 30 }).stdout;
  if (patch.length) git(clone, ['apply', '--whitespace=nowarn'], patch);
  for (const file of git(root, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean))
    cpSync(join(root, file), join(clone, file), { recursive: true });
  const who = ['-c', 'user.name=README test', '-c', 'user.email=readme@example.invalid'];
  git(clone, ['add', '-A']);
  if (git(clone, ['status', '--porcelain'])) git(clone, [...who, 'commit', '-q', '--no-verify', '-m', 'work tree']);
  // The outer npm's lifecycle variables would tell the inner npm it runs inside a script of this repository.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || k === 'npm_config_cache'));
  Object.assign(env, {
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    CCF_PORT: '0',
    XDG_CACHE_HOME: join(tmp, 'cache'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'README test',
    GIT_AUTHOR_EMAIL: 'readme@example.invalid',
    GIT_COMMITTER_NAME: 'README test',
    GIT_COMMITTER_EMAIL: 'readme@example.invalid',
  });
});

// Removing a node_modules tree takes minutes on a loaded machine: the guard is against a hang, not a speed check.
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, STEP_GUARD);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end in the clone. */
function run(command: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts a command that runs until stopped; when its output matches `ready`, calls `check` with the match, then stops
 * the whole process group. Resolves to the output and what `check` returned; an exit before `ready` is a failure.
 */
function runUntil<T>(command: string, ready: RegExp, check: (match: RegExpExecArray) => Promise<T>): Promise<Run & { result?: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let started = false;
    const stop = (): void => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    const look = (): void => {
      const match = ready.exec(stdout + stderr);
      if (started || !match) return;
      started = true;
      check(match).then(
        (result) => {
          stop();
          child.once('close', () => resolve({ code: 0, stdout, stderr, result }));
        },
        (error: unknown) => {
          stop();
          reject(error as Error);
        },
      );
    };
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), look()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), look()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!started) resolve({ code, stdout, stderr });
    });
  });
}

const URL_PRINTED = /http:\/\/127\.0\.0\.1:\d+\//;
const show = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

const commands = readmeCommands(readFileSync(join(root, 'README.md'), 'utf8'));
const done = new Set<string>();

describe('every command in the README runs on a fresh clone', () => {
  it('finds the commands', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands).toContain('npx ccf lint');
  });

  for (const line of commands) {
    it(line, { timeout: STEP_GUARD }, async () => {
      for (const step of line.split(/\s+&&\s+/)) {
        if (step === 'npm test') continue;
        if (step.startsWith('gh attestation ')) continue;
        if (step === 'npm ci' && done.has(step)) continue;
        const release = /^npx ccf release (\S+)$/.exec(step);
        if (release) {
          const fw = join(clone, 'content/framework.md');
          writeFileSync(fw, readFileSync(fw, 'utf8').replace(/^version: .*$/m, `version: "${release[1]}"`));
          git(clone, ['commit', '-q', '--no-verify', '-am', `version ${release[1]}`]);
        }
        if (/^curl\b/.test(step) && step.includes('localhost:8787')) {
          const r = await runUntil('npx ccf serve', URL_PRINTED, async ([url]) => {
            const asked = await run(`${step.replace('localhost:8787/', url)} --fail --output /dev/null`);
            return asked.code;
          });
          expect(r.result, show(r)).toBe(0);
        } else if (/\bccf serve\b|^npm start$/.test(step)) {
          const r = await runUntil(step, URL_PRINTED, async ([url]) => (await fetch(url)).status);
          expect(r.result, show(r)).toBe(200);
        } else if (/\s--watch\b/.test(step)) {
          const r = await runUntil(step, /watching .* for changes/, async () => true);
          expect(r.result, show(r)).toBe(true);
        } else {
          const r = await run(step);
          expect(r.code, show(r)).toBe(EXPECTED_EXIT[step] ?? 0);
        }
        done.add(step);
      }
    });
  }
});
