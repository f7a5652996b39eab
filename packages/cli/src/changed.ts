import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The files under a content folder that are new or changed relative to `base` (default HEAD): what git lists as
 * differing from that commit, staged or not, plus untracked files that are not ignored. Paths are relative to the
 * content folder with `/` separators, as a load names them. Undefined when the folder is not in a git work tree or
 * git cannot answer (no commit yet, an unknown ref): a rule then falls back to an order that needs no history.
 *
 * `base` must already be a checked ref (ccf validated it before loading it): it never starts with `-`.
 */
export async function changedFiles(
  dir: string,
  env: Record<string, string | undefined>,
  base = 'HEAD',
): Promise<ReadonlySet<string> | undefined> {
  try {
    const opts = { cwd: dir, env: { ...env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' }, maxBuffer: 64 * 1024 * 1024 };
    const [diff, untracked] = await Promise.all([
      // --relative: paths relative to the content folder; --no-renames: a renamed file counts as new.
      run('git', ['diff', '--name-only', '-z', '--no-renames', '--relative', '--end-of-options', base, '--', '.'], opts),
      run('git', ['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], opts),
    ]);
    return new Set(`${diff.stdout}${untracked.stdout}`.split('\0').filter(Boolean));
  } catch {
    return undefined;
  }
}
