import { renderCrosswalkCsv, renderCrosswalkSssom, toSssomMappingSet, diffFrameworks, type ChangeSet } from '@ccf/diff';
import { Option, type Command } from 'commander';
import type { Io } from '../io.js';
import { cacheOptionHelp } from '../cache.js';
import { emit } from '../output.js';
import { changeLevels, loadVersions } from '../versions.js';

function render(cs: ChangeSet, format: string): string {
  switch (format) {
    case 'csv':
      return renderCrosswalkCsv(cs);
    case 'sssom':
      return renderCrosswalkSssom(cs);
    case 'sssom-json':
      return JSON.stringify(toSssomMappingSet(cs), null, 2) + '\n';
    default:
      return JSON.stringify({ from: cs.from, to: cs.to, crosswalk: cs.crosswalk }, null, 2) + '\n';
  }
}

/** `ccf crosswalk <from> <to>`: old → new, one row per pair, for spreadsheets (CSV) and mapping tools (SSSOM). */
export function registerCrosswalk(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('crosswalk')
    .description('map every node of one version to the nodes that continue it in another')
    .argument('<from>', 'old version: a git ref, a content folder, or @<version>')
    .argument('<to>', 'new version')
    .addOption(
      new Option('--format <format>', 'csv (Excel), json, sssom (SSSOM/TSV) or sssom-json')
        .choices(['csv', 'json', 'sssom', 'sssom-json'])
        .default('csv'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--content-dir <dir>', 'content folder inside the repository and its commits', 'content')
    .option('--config <file>', 'config file (default: ccf.config.json in the content folder or above)')
    .option('--cache <dir>', cacheOptionHelp)
    .option('--no-cache', 'parse every file and keep nothing')
    .action(
      async (
        fromSpec: string,
        toSpec: string,
        opts: { format: string; out?: string; contentDir: string; config?: string; cache?: string | boolean },
      ) => {
        // The rows do not depend on levels; the config is still read so a broken one fails here as in `ccf diff`.
        const levels = changeLevels(io, opts.contentDir, opts.config);
        const { from, to } = await loadVersions(io, fromSpec, toSpec, opts);
        await emit(io, render(diffFrameworks(from, to, levels), opts.format), opts.out);
        setExit(0);
      },
    );
}
