import { join } from 'node:path';
import { escapeInvisible } from '@ccf/core';
import { directorySource, writeFileAtomic } from '@ccf/core/node';
import { formatFile } from '@ccf/lint';
import type { Command } from 'commander';
import { displayPath, resolveContent, selected } from '../content.js';
import type { Io } from '../io.js';

/** `ccf format [--check] [paths...]`: canonical frontmatter; exit 1 when --check finds work, or a file was skipped. */
export function registerFormat(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('format')
    .description('rewrite frontmatter in the canonical form (key order from the schema, quoting, list style)')
    .argument('[paths...]', 'content folder, or files and folders inside it', [])
    .option('--check', 'change nothing; list files that are not in the canonical form and exit 1 if any')
    .action(async (paths: string[], options: { check?: boolean }) => {
      const target = resolveContent(paths, io.cwd);
      const source = directorySource(target.root);
      const entries = (await source.list()).entries.filter((e) => selected(target, e.path));
      // The source reads with its size limit and refuses anything that is not a regular file.
      const contents = await source.read(entries);
      let changed = 0;
      let unchanged = 0;
      let skipped = 0;
      for (const entry of entries) {
        const abs = join(target.root, entry.path);
        // A file name is content: shown with its control characters escaped, one file per line.
        const shown = escapeInvisible(displayPath(target, entry.path));
        const content = contents.get(entry.path);
        const result =
          content instanceof Uint8Array
            ? formatFile(entry.path, content)
            : {
                status: 'skipped' as const,
                reason: content ? `${content.line}:${content.column} ${content.message} (${content.ruleId})` : 'it could not be read',
              };
        if (result.status === 'skipped') {
          skipped++;
          io.stderr(`${shown}: skipped, ${result.reason}\n`);
        } else if (result.status === 'unchanged') unchanged++;
        else {
          changed++;
          if (options.check) io.stdout(`${shown}: not in the canonical form\n`);
          else {
            await writeFileAtomic(abs, result.output);
            io.stdout(`${shown}: formatted\n`);
          }
        }
      }
      const verb = options.check ? 'to format' : 'formatted';
      io.stdout(`${changed} file${changed === 1 ? '' : 's'} ${verb}, ${unchanged} unchanged, ${skipped} skipped\n`);
      if (skipped > 0) io.stderr('ccf: files with parse errors are never formatted; run `ccf lint` to see why\n');
      setExit((options.check && changed > 0) || skipped > 0 ? 1 : 0);
    });
}
