import { directorySource, loadFramework } from '@ccf/core';
import { formatCompact, lint } from '@ccf/lint';
import type { Command } from 'commander';
import { displayPath, resolveContent, selected } from '../content.js';
import type { Io } from '../io.js';

/** `ccf lint [paths...]`: exit 0 clean, 1 on errors. */
export function registerLint(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('check content files against the schemas and the framework rules')
    .argument('[paths...]', 'content folder, or files and folders inside it', [])
    .action(async (paths: string[]) => {
      const target = resolveContent(paths, io.cwd);
      const load = await loadFramework(directorySource(target.root));
      const diagnostics = lint(load)
        .filter((d) => selected(target, d.file))
        .map((d) => ({ ...d, file: displayPath(target, d.file) }));
      io.stdout(formatCompact(diagnostics));
      setExit(diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    });
}
