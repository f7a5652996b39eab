import {
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  mkdirSync,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { countBySeverity, type Framework, type Source } from '@ccf/core';
import { baseSource, loadFramework, memoryCache } from '@ccf/core/node';
import { diffFrameworks, planRebase, renderRebaseMarkdown, renderRebaseWorklistCsv, summarizeRebase, type RebasePlan } from '@ccf/diff';
import { Option, type Command } from 'commander';
import { failpoint } from '../failpoint.js';
import { CommandError, fileSystemError, UsageError, type Io } from '../io.js';
import { applyEdits, readOverlayFiles, relocateConflicts } from '../overlay-files.js';
import { findRepoRoot, isDir } from '../repo.js';

async function load(source: Source): Promise<Framework> {
  const result = await loadFramework(source, { cache: memoryCache() });
  const errors = countBySeverity(result.diagnostics).error;
  if (errors)
    throw new CommandError(
      'REBASE_BASE_ERRORS',
      `Unexpected ${errors} content error${errors === 1 ? '' : 's'} in ${source.info.label}, expected a national version that loads`,
      {
        hint: `Run \`ccf lint ${source.info.label}\`; a rebase is only as good as both versions it reads.`,
      },
    );
  return result.framework;
}

/**
 * Writes every file or none: each new text goes to a temporary file beside its target, the old ones are kept as
 * hard links, and only then are the temporary files renamed into place; a failure puts every old file back.
 */
async function writeAll(io: Io, root: string, files: Map<string, string | Uint8Array | null>): Promise<void> {
  const tag = `.ccf-rebase-${process.pid}`;
  const temps: [string, string][] = [];
  const backups: [string, string][] = [];
  const created: string[] = [];
  const done: string[] = [];
  try {
    for (const [file, text] of files) {
      const target = join(root, file);
      if (text === null) continue;
      if (!existsSync(dirname(target))) {
        mkdirSync(dirname(target), { recursive: true });
        created.push(dirname(target));
      }
      const temp = join(dirname(target), `${tag}-${temps.length}.tmp`);
      writeFileSync(temp, text, { flag: 'wx' });
      temps.push([temp, target]);
    }
    await failpoint(io.env, 'rebase:temp-written', root);
    for (const file of files.keys()) {
      const target = join(root, file);
      if (!existsSync(target)) continue;
      const backup = join(dirname(target), `${tag}-${backups.length}.old`);
      linkSync(target, backup);
      backups.push([backup, target]);
    }
    for (const [temp, target] of temps) {
      renameSync(temp, target);
      done.push(target);
      await failpoint(io.env, 'rebase:renamed', target);
    }
    for (const [file, text] of files) if (text === null) unlinkSync(join(root, file));
  } catch (error) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    for (const target of done) if (!backups.some(([, t]) => t === target)) rmSync(target, { force: true });
    // A target not yet replaced still is its backup (a hard link: renaming one onto the other does nothing).
    for (const [backup, target] of backups) {
      if (done.includes(target)) renameSync(backup, target);
      else rmSync(backup, { force: true });
    }
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    throw fileSystemError(error, io.cwd, root, 'the overlay was left as it was') ?? error;
  }
  for (const [backup] of backups) rmSync(backup, { force: true });
}

/**
 * Every regular file under `dir` (relative, `/`-separated, sorted), but git's own folder: what an overlay folder holds
 * besides its content. A symbolic link is never followed (a hostile checkout may point one anywhere): `skipped` names it.
 */
function otherFiles(dir: string, skipped: (file: string) => void, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const file = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isSymbolicLink()) skipped(file);
    else if (e.isDirectory()) {
      if (e.name !== '.git') out.push(...otherFiles(dir, skipped, file));
    } else if (e.isFile()) out.push(file);
  }
  return out;
}

/** The new `extends:` as the overlay will say it: a folder relative to the overlay, anything else as given. */
function extendsSpec(spec: string, io: Io, overlayDir: string): string {
  if (spec.startsWith('@')) return spec;
  const abs = isAbsolute(spec) ? spec : resolve(io.cwd, spec);
  return isDir(abs) ? relative(overlayDir, abs).split('\\').join('/') || '.' : spec;
}

function renderPlan(plan: RebasePlan, format: string): string {
  if (format === 'json') return JSON.stringify(plan, null, 2) + '\n';
  if (format === 'markdown') return renderRebaseMarkdown(plan);
  const lines = [`ccf rebase: ${plan.from.version} → ${plan.to.version}: ${summarizeRebase(plan)}`];
  for (const e of plan.edits)
    lines.push(
      `  ${e.file}: ${e.op === 'remove-file' ? 'remove' : e.op === 'move-file' ? `rename to ${e.to}` : e.op === 'delete' ? `delete ${e.key}` : `${e.key} ${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}`}`,
    );
  for (const c of plan.conflicts) lines.push(`  ${c.file}:${c.line}:${c.column}  conflict  ${c.kind}  ${c.national}`);
  return lines.join('\n') + '\n';
}

/** `ccf rebase <version>`: moves a state overlay to a new national version; what it cannot decide goes to a worklist. */
export function registerRebase(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('rebase')
    .description('move a state overlay to a new national version (three-way merge); conflicts go to a worklist')
    .argument('<version>', 'the new national version: @<version>, a folder, or a git ref[:content folder]')
    .option('--overlay <dir>', 'the overlay folder (default: the current folder)')
    .option('--out <dir>', 'write the re-based overlay to a new folder instead of rewriting it in place')
    .option('--dry-run', 'write nothing; print the plan')
    .option('--releases <dir>', 'where `@x.y.z` finds releases (default: releases/ of the repository)')
    .addOption(
      new Option('--format <format>', 'what to print: text, markdown (for a pull request) or json')
        .choices(['text', 'markdown', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      '\nThe worklist (worklist.md, worklist.csv) goes to rebase-<version>/ in the overlay (or --out).\nExit 0: re-based with nothing to decide; 1: re-based, with conflicts in the worklist (or a refusal).',
    )
    .action(async (spec: string, opts: { overlay?: string; out?: string; dryRun?: boolean; format: string; releases?: string }) => {
      const overlayDir = resolve(io.cwd, opts.overlay ?? '.');
      if (!existsSync(join(overlayDir, 'framework.md')))
        throw new UsageError('USAGE_NOT_OVERLAY', `No framework.md in ${relative(io.cwd, overlayDir) || '.'}`, {
          hint: 'Run it in an overlay folder, or name one with `--overlay <dir>`.',
        });
      const files = readOverlayFiles(overlayDir);
      const framework = files[0]!;
      const pinned = framework.data.extends;
      const code = (framework.data.state as { code?: unknown } | undefined)?.code;
      if (typeof pinned !== 'string' || typeof code !== 'string')
        throw new UsageError(
          'USAGE_NOT_OVERLAY',
          `Unexpected framework.md without \`extends\` and \`state.code\`, expected a state overlay`,
          {
            file: relative(io.cwd, join(overlayDir, 'framework.md')),
            line: 1,
            column: 1,
          },
        );
      // `@x.y.z` is a release of the repository ccf runs in, as in every other command (the overlay may sit elsewhere).
      const repoRoot = findRepoRoot(io.cwd, 'content');
      const options = { repoRoot, ...(opts.releases !== undefined ? { releasesDir: resolve(io.cwd, opts.releases) } : {}) };
      const from = await load(baseSource(pinned, overlayDir, options));
      const to = await load(baseSource(spec, io.cwd, options));
      const changes = diffFrameworks(from, to);
      const plan = planRebase({ files, prefix: `${code.toLowerCase()}-`, changes, from, to, extendsTo: extendsSpec(spec, io, overlayDir) });
      // A dry run's rows point into the files as they are; a rebase's, into the files as it leaves them.
      const writes = opts.dryRun ? undefined : applyEdits(files, plan.edits);
      if (writes) relocateConflicts(plan.conflicts, writes);
      io.stdout(renderPlan(plan, opts.format));
      if (!writes) {
        setExit(0);
        return;
      }
      const worklistDir = `rebase-${plan.to.version}`;
      writes.set(`${worklistDir}/worklist.md`, renderRebaseMarkdown(plan));
      writes.set(`${worklistDir}/worklist.csv`, renderRebaseWorklistCsv(plan));
      if (opts.out !== undefined) {
        const outDir = resolve(io.cwd, opts.out);
        if (existsSync(outDir) && (!statSync(outDir).isDirectory() || readdirSync(outDir).length))
          throw new UsageError('USAGE_OUT_EXISTS', `Unexpected --out ${opts.out}: it exists and is not an empty folder`, {
            hint: 'Name a new folder; the re-based overlay is written whole.',
          });
        // The whole overlay, re-based: untouched files as they are, removed ones left out, and what else the folder
        // holds (its README, a licence, images) copied as it is.
        const all = new Map<string, string | Uint8Array | null>();
        for (const f of files) if (writes.get(f.file) !== null) all.set(f.file, writes.get(f.file) ?? f.text);
        for (const [file, text] of writes) if (text !== null && !all.has(file)) all.set(file, text);
        const read = new Set(files.map((f) => f.file));
        for (const file of otherFiles(overlayDir, (skipped) => io.stderr(`ccf: ${skipped}: a symbolic link, not copied\n`)))
          if (!read.has(file) && !all.has(file)) all.set(file, readFileSync(join(overlayDir, file)));
        const temp = `${outDir}.ccf-rebase-${process.pid}`;
        try {
          mkdirSync(temp, { recursive: true });
          await writeAll(io, temp, all);
          await failpoint(io.env, 'rebase:out-written', outDir);
          if (existsSync(outDir)) rmSync(outDir, { recursive: true });
          renameSync(temp, outDir);
        } catch (error) {
          rmSync(temp, { recursive: true, force: true });
          throw fileSystemError(error, io.cwd, outDir, 'nothing was written') ?? error;
        }
      } else await writeAll(io, overlayDir, writes);
      io.stderr(
        `ccf: worklist in ${relative(io.cwd, join(opts.out !== undefined ? resolve(io.cwd, opts.out) : overlayDir, worklistDir)) || '.'}/worklist.{md,csv}\n`,
      );
      setExit(plan.conflicts.length ? 1 : 0);
    });
}
