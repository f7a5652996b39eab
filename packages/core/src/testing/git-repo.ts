/**
 * Test helper: a throwaway git repository built from an object of files.
 *
 *   const repo = await gitRepo({ 'content/framework.md': '---\n…' });   // first commit, on `main`
 *   await repo.commit({ 'content/clusters/a/x.md': '…', 'content/old.md': null }, 'edit'); // null deletes
 *   repo.git(['tag', 'v1']);                                               // any git command, returns stdout
 *   await repo.cleanup();
 *
 * Author, committer, e-mail and dates are fixed (one day apart per commit, from 2024-01-01T00:00:00Z), and the
 * user's and system git config are ignored, so commit SHAs are the same on every machine and every run.
 * Uses only node builtins, so any package's tests can import it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitRepo {
  /** Absolute path of the work tree. */
  dir: string;
  /** Writes (string) or deletes (null) files, stages everything and commits; resolves to the new commit SHA. */
  commit(files: Record<string, string | null>, message?: string): Promise<string>;
  /** Runs git in the repository with the fixed identity; returns stdout. */
  git(args: string[]): string;
  /** Removes the repository. */
  cleanup(): Promise<void>;
}

const BASE = Date.UTC(2024, 0, 1) / 1000;

/** The environment every git call runs with: no user config, fixed identity. */
export function gitEnv(commitIndex = 0): NodeJS.ProcessEnv {
  const date = `${BASE + commitIndex * 86_400} +0000`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A test run inside a git hook must not write into the outer repository.
  for (const k of Object.keys(env)) if (k.startsWith('GIT_')) delete env[k];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'ccf test',
    GIT_AUTHOR_EMAIL: 'test@ccf.invalid',
    GIT_COMMITTER_NAME: 'ccf test',
    GIT_COMMITTER_EMAIL: 'test@ccf.invalid',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

/** Creates a repository, commits `files` (when any) and returns a handle. */
export async function gitRepo(files: Record<string, string | null> = {}, message = 'initial'): Promise<GitRepo> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ccf-git-')));
  let commits = 0;
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: gitEnv(commits), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q', '-b', 'main']);
  const repo: GitRepo = {
    dir,
    git,
    async commit(changes, msg = `commit ${commits + 1}`) {
      for (const [path, text] of Object.entries(changes)) {
        const abs = join(dir, path);
        if (text === null) await rm(abs, { force: true });
        else {
          await mkdir(dirname(abs), { recursive: true });
          await writeFile(abs, text);
        }
      }
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', msg]);
      commits++;
      return git(['rev-parse', 'HEAD']).trim();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  if (Object.keys(files).length) await repo.commit(files, message);
  return repo;
}
