import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { escapeInvisible, isVersion } from '@ccf/core';
import { MAX_RELEASE_FILE_BYTES, readFileBounded } from '@ccf/core/node';
import type { Command } from 'commander';
import { CommandError, UsageError, type Io } from '../io.js';
import { findRepoRoot, isDir } from '../repo.js';
import { verifyReleaseFolder } from '../verify-release.js';

interface VerifyOptions {
  index?: string;
}

/** The manifest SHA-256 an index pins for `version`: releases/index.json (`releases[]`) or versions.json (`versions{}`). */
function pinnedBy(text: string, version: string, shown: string): { sha?: string; listed: boolean } {
  let data: { releases?: { version?: unknown; manifestSha256?: unknown }[]; versions?: Record<string, { manifestSha256?: unknown }> };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (e) {
    throw new CommandError('VERIFY_BAD_INDEX', `Unexpected ${shown}: not JSON (${(e as Error).message}), expected a release index`, {
      hint: 'Restore releases/index.json from git, or pass --index with the versions.json of the site that publishes the release.',
    });
  }
  const entry = Array.isArray(data?.releases)
    ? data.releases.find((r) => r?.version === version)
    : data?.versions && typeof data.versions === 'object' && Object.hasOwn(data.versions, version)
      ? data.versions[version]
      : undefined;
  if (!entry) return { listed: false };
  const sha = entry.manifestSha256;
  return { listed: true, ...(typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? { sha } : {}) };
}

/** The version manifest.json states, if it is a readable regular file with one (verifyReleaseFolder reports the rest). */
function manifestVersion(dir: string): string | undefined {
  try {
    const r = readFileBounded(join(dir, 'manifest.json'), MAX_RELEASE_FILE_BYTES);
    const version = r.ok ? (JSON.parse(new TextDecoder().decode(r.bytes)) as { version?: unknown }).version : undefined;
    return typeof version === 'string' && isVersion(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/** `ccf verify <release folder | @version>`: the release, offline, against the manifest SHA-256 its index pins. */
export function registerVerify(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description('check a release folder offline: its manifest against releases/index.json, every file against the manifest')
    .argument('<release>', 'a release folder (releases/2.1.0, or a downloaded copy) or a release of this repository (@2.1.0)')
    .option(
      '--index <file>',
      'the index that pins the manifest: releases/index.json or a versions.json (default: index.json beside the folder)',
    )
    .action(async (release: string, opts: VerifyOptions) => {
      let dir: string;
      if (release.startsWith('@')) {
        const version = release.slice(1);
        if (!isVersion(version))
          throw new UsageError('USAGE_BAD_VERSION', `Unexpected release \`${release}\`, expected @ and a version such as @2.1.0`);
        dir = join(findRepoRoot(io.cwd), 'releases', version);
        if (!isDir(dir))
          throw new UsageError(
            'USAGE_UNKNOWN_RELEASE',
            `Unknown release \`${release}\`: there is no ${relative(io.cwd, dir) || dir}/ folder`,
            {
              hint: 'Releases are the folders of releases/ (see releases/index.json).',
            },
          );
      } else {
        dir = resolve(io.cwd, release);
        if (!isDir(dir))
          throw new UsageError('USAGE_NO_SUCH_FOLDER', `Unexpected \`${release}\`, expected a release folder or @<version>`, {
            hint: 'Name the folder that holds manifest.json, e.g. releases/2.1.0, or a release such as @2.1.0.',
          });
      }
      const label = relative(io.cwd, dir) || '.';
      const indexPath = opts.index === undefined ? join(dirname(dir), 'index.json') : resolve(io.cwd, opts.index);
      const indexShown = relative(io.cwd, indexPath) || indexPath;
      const indexText = await readFile(indexPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new (opts.index === undefined ? CommandError : UsageError)(
          'VERIFY_NO_INDEX',
          `Cannot read ${indexShown} (${e.code ?? 'unreadable'}): it pins the manifest of ${label}`,
          { hint: 'Pass --index with releases/index.json, or the versions.json of the site that publishes the release.' },
        );
      });

      // The folder's name is the version; a downloaded copy under another name goes by its manifest's version, which
      // the index must pin all the same.
      const claimed = manifestVersion(dir);
      const version = isVersion(basename(dir)) ? basename(dir) : claimed;
      const problems = [];
      let pinned: string | undefined;
      if (version === undefined)
        problems.push({ file: 'manifest.json', message: 'Unexpected manifest without a version, expected the version the index pins' });
      else {
        const { sha, listed } = pinnedBy(indexText, version, indexShown);
        if (!listed) problems.push({ file: 'manifest.json', message: `Unexpected release ${version}: ${indexShown} does not list it` });
        else if (!sha)
          problems.push({
            file: 'manifest.json',
            message: `Unexpected release ${version} without a manifestSha256 in ${indexShown}: it predates pinned manifests, so its manifest cannot be checked`,
          });
        pinned = sha;
        if (claimed !== undefined && claimed !== version)
          problems.push({ file: 'manifest.json', message: `Unexpected version ${claimed} in manifest.json, expected ${version}` });
      }
      const result = await verifyReleaseFolder(dir, pinned);
      problems.push(...result.problems);

      const at = (file: string): string => escapeInvisible(`${label}/${file}`);
      if (problems.length) {
        for (const p of problems) io.stdout(`${at(p.file)}: ${escapeInvisible(p.message)}\n`);
        io.stderr(`ccf: release ${label} failed verification: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
        setExit(1);
        return;
      }
      io.stdout(
        `ccf: ${label} verified: manifest.json is the one ${indexShown} pins for ${version} (SHA-256 ${pinned}), ` +
          `and its ${result.listed} files match it byte for byte\n`,
      );
      setExit(0);
    });
}
