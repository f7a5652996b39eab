/**
 * Hostile content for the attack scenarios in this folder: a small valid framework in a git repository, then a
 * pull request that adds files named or titled to break the reports. File names with line breaks, tabs and escape
 * characters are written straight into git's index (`hash-object` + `update-index --index-info`), so the
 * scenarios do not depend on what the test machine's file system accepts.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { gitEnv, gitRepo, type GitRepo } from '@ccf/core/testing';

const prov = 'provenance:\n  status: VERIFIED\n';
const definition = (what: string) => `\nCareers in ${what}, described here in a sentence long enough to count as a definition.\n`;

/** A sub-cluster file; `title` is written as a YAML double-quoted string, so `\r`, `\u202e`… reach the model. */
export function subcluster(id: string, title: string, order: number, extra = ''): string {
  return `---\nid: ${JSON.stringify(id)}\ntitle: ${JSON.stringify(title)}\norder: ${order}\n${prov}${extra}---\n${definition(id)}`;
}

/** A valid framework: Finance (Accounting, Insurance) and Marketing (Merchandising). */
export function baseContent(): Record<string, string> {
  return {
    'framework.md': `---\nid: test-framework\ntitle: National Career Clusters® Framework\nversion: "1.0.0"\nedition: "2002"\npublisher: ccf tests\nlicense: CC-BY-4.0\nattribution: Test attribution.\nterms:\n  cluster: Career Cluster\n  subcluster: Career Pathway\n---\n\nThe National Career Clusters® Framework, as a test fixture.\n`,
    'clusters/finance/index.md': `---\nid: finance\ntitle: Finance\naliases:\n  - Money\norder: 1\n${prov}---\n${definition('finance')}`,
    'clusters/finance/accounting.md': subcluster('accounting', 'Accounting', 1),
    'clusters/finance/insurance.md': subcluster('insurance', 'Insurance', 2),
    'clusters/marketing/index.md': `---\nid: marketing\ntitle: Marketing\norder: 2\n${prov}---\n${definition('marketing')}`,
    'clusters/marketing/merchandising.md': subcluster('merchandising', 'Merchandising', 1),
  };
}

const prefixed = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`content/${k}`, v]));

/** A repository whose `main~1` is the base framework and `main` adds `files` (paths under content/) as one commit. */
export async function hostileRepo(files: Record<string, string>): Promise<GitRepo> {
  const repo = await gitRepo(prefixed(baseContent()), 'base');
  const env = gitEnv(1);
  const git = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: repo.dir, env, encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  const records = Object.entries(prefixed(files)).map(
    ([path, text]) => `100644 ${git(['hash-object', '-w', '--stdin'], text).trim()}\t${path}\0`,
  );
  git(['update-index', '--add', '-z', '--index-info'], records.join(''));
  git(['commit', '-q', '-m', 'hostile pull request']);
  return repo;
}

/** A content folder on disk (for `ccf lint`), with any file names the file system takes. */
export async function contentFolder(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ccf-hostile-'));
  for (const [path, text] of Object.entries({ ...baseContent(), ...files })) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ccf` in-process in `cwd`. */
export async function ccf(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Every control, format or separator character: none may reach a terminal or a one-line field unescaped. */
export const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
