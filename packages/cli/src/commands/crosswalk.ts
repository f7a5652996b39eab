import { allSubclusters, type Framework } from '@ccf/core';
import {
  diffFrameworks,
  renderCrosswalkCsv,
  renderCrosswalkSssom,
  renderCrosswalkSvg,
  renderWorklistCsv,
  toCrosswalkTable,
  toSssomMappingSet,
  toWorklist,
  toWorklistTable,
  type ChangeSet,
} from '@ccf/diff';
import { xlsxBytes } from '@ccf/publish';
import { Option, type Command } from 'commander';
import { UsageError, type Io } from '../io.js';
import { cacheOptionHelp } from '../cache.js';
import { emit } from '../output.js';
import { changeLevels, loadVersions } from '../versions.js';

/** O*NET-SOC titles as either version gives them (the new one wins), for the worklist's parts. */
function occupationTitles(from: Framework, to: Framework): Map<string, string> {
  const titles = new Map<string, string>();
  for (const fw of [from, to]) for (const s of allSubclusters(fw)) for (const o of s.soc) if (o.title) titles.set(o.code, o.title);
  return titles;
}

async function render(cs: ChangeSet, format: string, from: Framework, to: Framework): Promise<string | Uint8Array> {
  switch (format) {
    case 'xlsx':
      // Dated by the newer side's source commit, so the same two versions give the same bytes.
      return await xlsxBytes([toCrosswalkTable(cs)], {
        date: cs.to.date ?? cs.from.date,
        title: `Crosswalk ${cs.from.version} to ${cs.to.version}`,
      });
    case 'worklist':
      return renderWorklistCsv(toWorklist(cs, { occupationTitles: occupationTitles(from, to) }));
    case 'worklist-xlsx':
      return await xlsxBytes([toWorklistTable(cs, { occupationTitles: occupationTitles(from, to) })], {
        date: cs.to.date ?? cs.from.date,
        title: `Worklist ${cs.from.version} to ${cs.to.version}`,
      });
    case 'csv':
      return renderCrosswalkCsv(cs);
    case 'sssom':
      return renderCrosswalkSssom(cs);
    case 'svg':
      return renderCrosswalkSvg(cs);
    case 'svg-subclusters':
      return renderCrosswalkSvg(cs, { level: 'subcluster' });
    case 'sssom-json':
      return JSON.stringify(toSssomMappingSet(cs), null, 2) + '\n';
    default:
      return JSON.stringify({ from: cs.from, to: cs.to, crosswalkFormat: cs.crosswalkFormat, crosswalk: cs.crosswalk }, null, 2) + '\n';
  }
}

/** The formats written as an .xlsx workbook (binary, so only to a file). */
const WORKBOOKS = new Set(['xlsx', 'worklist-xlsx']);

/** `ccf crosswalk <from> <to>`: old → new, one row per pair, for spreadsheets (CSV) and mapping tools (SSSOM). */
export function registerCrosswalk(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('crosswalk')
    .description('map every node of one version to the nodes that continue it in another')
    .argument('<from>', 'old version: a git ref, a content folder, or @<version>')
    .argument('<to>', 'new version')
    .addOption(
      new Option(
        '--format <format>',
        'csv (RFC 4180), xlsx (a workbook for spreadsheets; needs --out), json, sssom (SSSOM/TSV), sssom-json, worklist (CSV: one row per old node, what a state must do) or worklist-xlsx (the worklist as a workbook; needs --out), svg (the clusters as a flow diagram) or svg-subclusters',
      )
        .choices(['csv', 'xlsx', 'json', 'sssom', 'sssom-json', 'worklist', 'worklist-xlsx', 'svg', 'svg-subclusters'])
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
        // A workbook is binary: written to a terminal it is noise, and through a pipe it is too easily mangled.
        if (WORKBOOKS.has(opts.format) && opts.out === undefined)
          throw new UsageError(
            'USAGE_XLSX_NEEDS_OUT',
            `Unexpected --format ${opts.format} without --out, expected a file to write the workbook to`,
            { hint: `Add --out ${opts.format === 'xlsx' ? 'crosswalk' : 'worklist'}.xlsx.` },
          );
        // The rows do not depend on levels; the config is still read so a broken one fails here as in `ccf diff`.
        const levels = changeLevels(io, opts.contentDir, opts.config);
        const { from, to } = await loadVersions(io, fromSpec, toSpec, opts);
        await emit(io, await render(diffFrameworks(from, to, levels), opts.format, from, to), opts.out);
        setExit(0);
      },
    );
}
