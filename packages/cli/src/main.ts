// The dependency-free entry: `ccf --help` must not load the whole model.
import { escapeInvisible } from '@ccf/core/escape';
import { Command } from 'commander';
import { EXIT_HELP, reportError } from './exit.js';
import type { Io } from './io.js';
import { version } from './version.js';

type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

// Each command's module is loaded only when that command runs: `ccf lint` should not pay for hono,
// chokidar and the publishers at start-up. Order here is the order in `ccf --help`.
const commands: Record<string, () => Promise<Register>> = {
  lint: async () => (await import('./commands/lint.js')).registerLint,
  format: async () => (await import('./commands/format.js')).registerFormat,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  crosswalk: async () => (await import('./commands/crosswalk.js')).registerCrosswalk,
  rebase: async () => (await import('./commands/rebase.js')).registerRebase,
  publish: async () => (await import('./commands/publish.js')).registerPublish,
  release: async () => (await import('./commands/release.js')).registerRelease,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  'build-site': async () => (await import('./commands/build-site.js')).registerBuildSite,
};

export { version };

/** Runs the `ccf` command line; resolves to the exit code. Never throws. */
export async function main(argv: string[], given: Io): Promise<number> {
  // Messages quote refs, paths and titles that may come from a hostile checkout: on the terminal, no control
  // character but the line feed and tab gets through (no ANSI escapes, no carriage return, no bidi override).
  const io: Io = { ...given, stderr: (text) => given.stderr(escapeInvisible(text, { keepLines: true }).replace(/\r/g, '\\r')) };
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('ccf')
    .description('The National Career Clusters® Framework kept as code: lint, diff, publish and serve it.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run `ccf --help` for usage)')
    .addHelpText('after', EXIT_HELP)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const first = argv[0];
  const wanted = first !== undefined && Object.hasOwn(commands, first) ? [first] : Object.keys(commands);
  for (const name of wanted) (await commands[name]!())(program, io, setExit);
  program.commands.forEach((c) =>
    c
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .showHelpAfterError(`(run \`ccf ${c.name()} --help\` for usage)`),
  );

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation() + EXIT_HELP);
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}
