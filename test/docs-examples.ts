/**
 * Builds and runs the examples of docs/rules/<id>.md. Every page's example is checked: its `## Example` section names a base framework
 * (a link to `_base/<name>/`), shows files in full (a paragraph holding only the path in backticks, then a fenced
 * block), may change the folder with shell commands (a ```sh block; a small set of commands the test carries out
 * itself, so special files — a symlink, a FIFO, an unreadable or oversized file, bytes that are not UTF-8 — get an
 * example too), and ends with a ```console block: `$ ccf lint …` and what it prints. The test builds that folder,
 * runs the command through the CLI's own `main` and compares every line of the output.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { main, type Io } from '@ccf/cli';
import type { Code, Nodes, Root, RootContent } from 'mdast';
import { remark } from 'remark';
import { repoRoot } from './facts.js';
import { nodeArgs } from './security/ccf-child.js';

export const docs = join(repoRoot, 'docs/rules');
export const bases = join(docs, '_base');
const bin = join(repoRoot, 'packages/cli/src/bin.ts');

type Step = { kind: 'file'; path: string; text: string } | { kind: 'sh'; commands: string[] };

export interface Example {
  base: string;
  steps: Step[];
  argv: string[];
  expected: string[];
}

/** The nodes between `## Example` and the next `##` heading. */
function exampleSection(tree: Root): RootContent[] | undefined {
  const start = tree.children.findIndex(
    (n) =>
      n.type === 'heading' &&
      n.depth === 2 &&
      n.children.length === 1 &&
      n.children[0]!.type === 'text' &&
      n.children[0].value === 'Example',
  );
  if (start === -1) return undefined;
  const rest = tree.children.slice(start + 1);
  const end = rest.findIndex((n) => n.type === 'heading' && n.depth <= 2);
  return end === -1 ? rest : rest.slice(0, end);
}

/** A paragraph that is only a path in backticks (optionally followed by a colon) names the file of the next block. */
function pathOf(node: RootContent): string | undefined {
  if (node.type !== 'paragraph') return undefined;
  const [code, tail, ...more] = node.children;
  if (code?.type !== 'inlineCode' || more.length) return undefined;
  if (tail && !(tail.type === 'text' && tail.value.trim() === ':')) return undefined;
  return code.value;
}

/** Reads a page's example; throws with the reason when it has none or it is malformed. */
export function parseExample(markdown: string): Example {
  const tree = remark().parse(markdown);
  const section = exampleSection(tree);
  if (!section) throw new Error('no `## Example` section');
  const links = new Set<string>();
  const walk = (n: Nodes): void => {
    const m = n.type === 'link' ? /^(?:\.\/)?_base\/([a-z0-9-]+)\/?$/.exec(n.url) : null;
    if (m) links.add(m[1]!);
    if ('children' in n) n.children.forEach(walk);
  };
  section.forEach(walk);
  if (links.size !== 1) throw new Error(`expected one link to the base (\`_base/<name>/\`), found ${links.size}`);
  const steps: Step[] = [];
  let run: { argv: string[]; expected: string[] } | undefined;
  section.forEach((node, i) => {
    if (node.type !== 'code') return;
    const path = i > 0 ? pathOf(section[i - 1]!) : undefined;
    if (path !== undefined) steps.push({ kind: 'file', path, text: `${node.value}\n` });
    else if (node.lang === 'sh') steps.push({ kind: 'sh', commands: shellLines(node) });
    else if (node.lang === 'console') {
      if (run) throw new Error('more than one ```console block');
      const [command = '', ...output] = node.value.split('\n');
      const m = /^\$ ccf (lint(?: .*)?)$/.exec(command);
      if (!m) throw new Error(`expected the console block to start with \`$ ccf lint\`, found \`${command}\``);
      run = { argv: m[1]!.split(/ +/), expected: output };
    } else throw new Error(`a \`\`\`${node.lang ?? ''} block at line ${node.position!.start.line} with no path before it`);
  });
  if (!run) throw new Error('no ```console block with `$ ccf lint` and its output');
  return { base: [...links][0]!, steps, ...run };
}

function shellLines(node: Code): string[] {
  return node.value.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}

/** A path inside the example folder: nothing a page says may reach outside it. */
function inside(dir: string, path: string): string {
  const abs = resolve(dir, path);
  if (relative(dir, abs).startsWith('..') || abs === dir) throw new Error(`path \`${path}\` leaves the example folder`);
  return abs;
}

const SIZE = /^(\d+)([KM]?)$/;

/**
 * Carries out one shell command of a ```sh block. Only the few commands the pages need, done here rather than by
 * a shell, so the test runs the same on any machine and a page cannot run anything else.
 */
export function runCommand(dir: string, line: string): void {
  const words = line.trim().split(/ +/);
  const at = (p: string | undefined): string => inside(dir, p ?? '');
  const [cmd, ...args] = words;
  const is = (...shape: string[]): boolean => args.length === shape.length && shape.every((s, i) => s === '*' || s === args[i]);
  if (cmd === 'rm' && is('*')) rmSync(at(args[0]));
  else if (cmd === 'rm' && is('-r', '*')) rmSync(at(args[1]), { recursive: true });
  else if (cmd === 'mv' && is('*', '*')) renameSync(at(args[0]), at(args[1]));
  else if (cmd === 'touch' && is('*')) writeFileSync(at(args[0]), '', { flag: 'a' });
  else if (cmd === 'mkdir' && is('*')) mkdirSync(at(args[0]));
  else if (cmd === 'mkfifo' && is('*')) mkfifo(at(args[0]));
  else if (cmd === 'ln' && is('-s', '*', '*')) symlinkSync(args[1]!, at(args[2]));
  else if (cmd === 'chmod' && is('a-r', '*')) chmodSync(at(args[1]), 0o200);
  else if (cmd === 'truncate' && is('-s', '*', '*') && SIZE.test(args[1]!)) {
    const [, n, unit] = SIZE.exec(args[1]!)!;
    truncateSync(at(args[2]), Number(n) * (unit === 'M' ? 1024 * 1024 : unit === 'K' ? 1024 : 1));
  } else if (cmd === 'iconv' && is('-f', 'UTF-8', '-t', 'LATIN1', '*', '>', '*')) {
    const text = readFileSync(at(args[4]), 'utf8');
    if ([...text].some((c) => c.codePointAt(0)! > 0xff)) throw new Error(`\`${args[4]}\` holds characters Latin-1 does not have`);
    writeFileSync(at(args[6]), Buffer.from(text, 'latin1'));
  } else throw new Error(`unsupported command in a \`\`\`sh block: \`${line}\``);
}

/** Node has no mkfifo; the coreutils command makes one. */
function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr || String(r.error)}`);
}

export const temps: string[] = [];

/** Removes every folder the examples made. */
export function cleanup(): void {
  for (const t of temps.splice(0)) {
    // An unreadable file or a folder without permissions would stop the clean-up.
    chmodTree(t, true);
    rmSync(t, { recursive: true, force: true });
  }
}

function chmodTree(dir: string, restore: boolean): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (restore && e.isFile()) chmodSync(p, 0o644);
    if (e.isDirectory()) {
      chmodSync(p, 0o755);
      chmodTree(p, restore);
    }
  }
}

/** Builds the example's folder: the base as `content/`, the bases where pages can name them, then the steps. */
function build(example: Example): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ccf-docs-')));
  temps.push(dir);
  const base = join(bases, example.base);
  if (!lstatSync(base, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no base \`docs/rules/_base/${example.base}/\``);
  cpSync(base, join(dir, 'content'), { recursive: true });
  // Pages that lint against an earlier version name a base by its path in the repository, e.g. `--against docs/rules/_base/2002`.
  cpSync(bases, join(dir, 'docs/rules/_base'), { recursive: true });
  for (const step of example.steps) {
    if (step.kind === 'file') {
      const path = inside(dir, step.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, step.text);
    } else for (const c of step.commands) runCommand(dir, c);
  }
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ccf <argv>` in `cwd` through the CLI's `main`, with a cache folder of its own. */
async function ccf(cwd: string, argv: string[]): Promise<Run> {
  const cache = mkdtempSync(join(tmpdir(), 'ccf-docs-cache-'));
  temps.push(cache);
  const r = { stdout: '', stderr: '' };
  const io: Io = {
    cwd,
    env: { XDG_CACHE_HOME: cache },
    isTTY: false,
    stdout: (t) => void (r.stdout += t),
    stderr: (t) => void (r.stderr += t),
  };
  return { code: await main(argv, io), ...r };
}

/**
 * The same command as an unprivileged user, in its own process: root reads any file whatever its mode, so an
 * example that takes read permission away can only be seen by someone else.
 */
function ccfAsNobody(cwd: string, argv: string[]): Promise<Run> {
  const cache = mkdtempSync(join(tmpdir(), 'ccf-docs-cache-'));
  temps.push(cache);
  chmodSync(cache, 0o777);
  chmodSync(cwd, 0o755);
  chmodTree(cwd, false);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, ...argv], {
      cwd,
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH, XDG_CACHE_HOME: cache, HOME: cache },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Builds a page's example and runs it: the output lines and what ccf wrote to stderr. */
export async function runExample(example: Example): Promise<{ actual: string[]; stderr: string; code: number | null }> {
  const dir = build(example);
  const dropsRead = example.steps.some((s) => s.kind === 'sh' && s.commands.some((c) => c.startsWith('chmod a-r')));
  const asRoot = process.getuid?.() === 0;
  const r = dropsRead && asRoot ? await ccfAsNobody(dir, example.argv) : await ccf(dir, example.argv);
  return { actual: r.stdout.replace(/\n$/, '').split('\n'), stderr: r.stderr, code: r.code };
}
