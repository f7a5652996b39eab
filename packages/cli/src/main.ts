import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCrosswalk } from './commands/crosswalk.js';
import { registerDiff } from './commands/diff.js';
import { registerFormat } from './commands/format.js';
import { registerLint } from './commands/lint.js';
import { registerPublish } from './commands/publish.js';
import { registerRelease } from './commands/release.js';
import { registerServe } from './commands/serve.js';
import { registerBuildSite } from './commands/build-site.js';
import { CommandError, UsageError, type Io } from './io.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The tool version, as printed by `ccf --version` and written into manifests. */
export const version = pkg.version;

/** Runs the `ccf` command line; resolves to the exit code. Never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('ccf')
    .description('The National Career Clusters® Framework kept as code: lint, diff, publish and serve it.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run `ccf --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerLint(program, io, setExit);
  registerFormat(program, io, setExit);
  registerDiff(program, io, setExit);
  registerCrosswalk(program, io, setExit);
  registerPublish(program, io, setExit);
  registerRelease(program, io, setExit);
  registerServe(program, io, setExit);
  registerBuildSite(program, io, setExit);
  program.commands.forEach((c) =>
    c
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .showHelpAfterError(`(run \`ccf ${c.name()} --help\` for usage)`),
  );

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are the normal way commander stops after printing.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`ccf: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return 2;
    }
    if (error instanceof CommandError) {
      io.stderr(`ccf: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `ccf: internal error: ${message}\nThis is a bug in ccf; please report it with the command you ran.${io.env.CCF_DEBUG ? `\n${(error as Error).stack ?? ''}` : ' (set CCF_DEBUG=1 for details)'}\n`,
    );
    return 70;
  }
}
