import { resolve } from 'node:path';
import { countBySeverity } from '@ccf/core';
import { isOverlayFolder, loadOverlay } from '@ccf/core/node';
import {
  diffFrameworks,
  renderChangeSetHtml,
  renderChangeSetMarkdown,
  renderChangeSetJson,
  renderStateComparisonCsv,
  renderStateComparisonMarkdown,
  toStateComparison,
  type ChangeSet,
} from '@ccf/diff';
import { Option, type Command } from 'commander';
import { cacheOptionHelp } from '../cache.js';
import { UsageError, type Io } from '../io.js';
import { emit } from '../output.js';
import { findRepoRoot } from '../repo.js';
import { changeLevels, loadVersions } from '../versions.js';

export function render(cs: ChangeSet, format: string, opts: { maxChars?: number; artifactUrl?: string; diagramUrl?: string }): string {
  if (format === 'json') return renderChangeSetJson(cs);
  if (format === 'html') return renderChangeSetHtml(cs);
  return renderChangeSetMarkdown(cs, opts);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1000)
    throw new UsageError('USAGE_BAD_OPTION', `Unexpected --max-chars ${value}, expected a whole number ≥ 1000`);
  return n;
}

/** `ccf diff <from> [to]`: the change report between two versions. Exit 0 whatever changed; 2 on a bad version. */
export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('report what changed between two versions (git refs, folders or @releases) and the semver bump it needs')
    .argument('<from>', 'old version: a git ref (main, v1.0.0, HEAD~1), a content folder, or @<version>')
    .argument('[to]', 'new version (default: the content folder in the work tree)')
    .addOption(
      new Option('--format <format>', 'output format (csv: a state overlay beside its base only)')
        .choices(['md', 'json', 'html', 'csv'])
        .default('md'),
    )
    .option('--releases <dir>', 'where a state overlay\'s `extends: "@x.y.z"` finds releases (default: releases/ of the repository)')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--max-chars <n>', 'longest Markdown report; longer ones are cut with a note (GitHub comments hold 65,536)', '60000')
    .option('--artifact-url <url>', 'where the full report is, named when the Markdown report is cut')
    .option('--diagram-url <url>', 'where the flow diagram (`ccf crosswalk --format svg`) is, linked from the Markdown report')
    .option('--content-dir <dir>', 'content folder inside the repository and its commits', 'content')
    .option('--config <file>', 'config file with change-rule levels (default: ccf.config.json in the content folder or above)')
    .option('--cache <dir>', cacheOptionHelp)
    .option('--no-cache', 'parse every file and keep nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  ccf diff v1.0.0                    tag v1.0.0 → the work tree\n  ccf diff origin/main HEAD --format json\n  ccf diff @1.0.0 HEAD --out CHANGES.md',
    )
    .action(
      async (
        fromSpec: string,
        toSpec: string | undefined,
        opts: {
          format: string;
          out?: string;
          maxChars: string;
          artifactUrl?: string;
          diagramUrl?: string;
          contentDir: string;
          config?: string;
          cache?: string | boolean;
          releases?: string;
        },
      ) => {
        const maxChars = positiveInt(opts.maxChars);
        // One state overlay alone: how the state framework differs from the national base it extends.
        if (toSpec === undefined && isOverlayFolder(resolve(io.cwd, fromSpec))) {
          const dir = resolve(io.cwd, fromSpec);
          const repoRoot = findRepoRoot(io.cwd, opts.contentDir);
          const result = await loadOverlay(dir, {
            repoRoot,
            ...(opts.releases !== undefined ? { releasesDir: resolve(io.cwd, opts.releases) } : {}),
          });
          if (!result.base)
            throw new UsageError('USAGE_BAD_OVERLAY', `Unexpected overlay ${fromSpec} whose base does not load`, {
              hint: `Run \`ccf lint ${fromSpec}\`.`,
            });
          const errors = countBySeverity(result.diagnostics).error;
          if (errors)
            io.stderr(
              `ccf: warning: ${fromSpec} has ${errors} content error${errors === 1 ? '' : 's'}; the comparison uses what could be read (run \`ccf lint\`)\n`,
            );
          const rows = toStateComparison(result.framework, result.base);
          const text =
            opts.format === 'csv'
              ? renderStateComparisonCsv(rows)
              : opts.format === 'json'
                ? JSON.stringify({ state: result.framework.meta.id, base: result.base.meta.version, rows }, null, 2) + '\n'
                : renderStateComparisonMarkdown(rows, result.framework, result.base);
          await emit(io, text, opts.out);
          setExit(0);
          return;
        }
        if (opts.format === 'csv')
          throw new UsageError('USAGE_BAD_OPTION', 'Unexpected --format csv for two versions, expected md, json or html', {
            hint: 'For a table of two versions use `ccf crosswalk <from> <to> --format csv`.',
          });
        const levels = changeLevels(io, opts.contentDir, opts.config);
        const { from, to } = await loadVersions(io, fromSpec, toSpec, opts);
        const cs = diffFrameworks(from, to, levels);
        await emit(
          io,
          render(cs, opts.format, {
            maxChars,
            ...(opts.artifactUrl ? { artifactUrl: opts.artifactUrl } : {}),
            ...(opts.diagramUrl ? { diagramUrl: opts.diagramUrl } : {}),
          }),
          opts.out,
        );
        setExit(0);
      },
    );
}
