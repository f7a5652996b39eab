import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CcfError, SourceError } from '@ccf/core';
import { ConfigError } from '@ccf/lint';
import { PublishError } from '@ccf/publish';
import { CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchLint } from '../src/commands/lint.js';
import { resolveContent } from '../src/content.js';
import { EXIT_CODES, exitCodeFor, reportError } from '../src/exit.js';
import { CommandError, UsageError, type Io } from '../src/io.js';
import { contentRepo, run, type GitRepo } from './publish-helpers.js';

function fakeIo(cwd = '/'): Io & { err: string[] } {
  const err: string[] = [];
  return { cwd, env: {}, isTTY: false, stdout: () => {}, stderr: (s) => void err.push(s), err };
}

function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '/x'`), { code, syscall, errno: -21 });
}

describe('the one mapping from error class to exit code', () => {
  it.each([
    ['UsageError', new UsageError('USAGE_BAD_OPTION', 'm'), 2],
    ['SourceError', new SourceError('SOURCE_UNKNOWN_REF', 'm'), 2],
    ['ConfigError', new ConfigError('CONFIG_INVALID', 'm', { file: 'ccf.config.json', line: 2, column: 14 }), 2],
    ['PublishError', new PublishError('PUBLISH_TARGET_EXISTS', 'm'), 1],
    ['CommandError', new CommandError('RELEASE_EXISTS', 'm'), 1],
    ['CcfError', new CcfError('SOME_CODE', 'm'), 1],
    ['a Node system error (EISDIR)', systemError('EISDIR', 'rename'), 1],
    ['CommanderError (unknown option)', new CommanderError(1, 'commander.unknownOption', 'm'), 2],
    ['CommanderError (help shown)', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['any other Error (a bug)', new TypeError('x is undefined'), 70],
  ])('%s → %i', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });

  it('lists only CcfError classes, each before its base', () => {
    EXIT_CODES.forEach(([type], i) => {
      expect(type === CcfError || type.prototype instanceof CcfError, type.name).toBe(true);
      for (const [later] of EXIT_CODES.slice(i + 1))
        expect(later.prototype instanceof type, `${later.name} after ${type.name}`).toBe(false);
    });
  });

  it('prints the position from the error data, the message as it is, and the hint', () => {
    const io = fakeIo();
    const error = new ConfigError('CONFIG_INVALID', 'Unexpected rule `x`', { file: 'ccf.config.json', line: 2, column: 14 }, { hint: 'h' });
    expect(reportError(error, io)).toBe(2);
    expect(io.err.join('')).toBe('ccf: ccf.config.json:2:14: Unexpected rule `x`\nhint: h\n');
  });

  it('prints a bug as an internal error, without a stack unless CCF_DEBUG is set', () => {
    const io = fakeIo();
    expect(reportError(new TypeError('x is undefined'), io)).toBe(70);
    expect(io.err.join('')).toMatch(/^ccf: internal error: x is undefined\n.*CCF_DEBUG/);
    expect(io.err.join('')).not.toMatch(/\n\s+at /);
  });

  it('ccf --help states the exit codes', async () => {
    const r = await run('/', ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}70 /);
  });
});

describe('the same class gives the same exit code in every command', () => {
  let repo: GitRepo;
  beforeEach(async () => {
    repo = await contentRepo();
  });
  afterEach(() => repo.cleanup());

  it('an unknown version (SourceError) → 2, with one line and no stack', async () => {
    for (const argv of [
      ['lint', '--against', 'no-such-ref'],
      ['diff', 'no-such-ref', 'HEAD', '--no-cache'],
      ['crosswalk', 'no-such-ref', 'HEAD', '--no-cache'],
      ['publish', '--from', 'no-such-ref', '--out', 'out'],
      ['build-site', '--source', 'no-such-ref', '--out', 'site'],
      ['serve', '--source', 'no-such-ref', '--port', '0'],
    ]) {
      const r = await run(repo.dir, argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(
        /^ccf: Unknown version `no-such-ref`, expected a branch, tag or commit of this repository\nhint: /,
      );
    }
  });

  it('a release that releases/index.json names but that is missing (SourceError) → 2, as in every other command', async () => {
    mkdirSync(join(repo.dir, 'releases'));
    writeFileSync(join(repo.dir, 'releases/index.json'), JSON.stringify({ latest: '0.9.0', releases: [{ version: '0.9.0' }] }));
    const fw = join(repo.dir, 'content/framework.md');
    await repo.commit({ 'content/framework.md': readFileSync(fw, 'utf8').replace(/^version: .*$/m, 'version: "1.0.0"') }, '1.0.0');
    const r = await run(repo.dir, ['release', '1.0.0']);
    expect(r.err).toMatch(/^ccf: Unknown release `@0\.9\.0`/);
    expect(r.code).toBe(2);
  });

  it('a bad ccf.config.json (ConfigError) → 2, with its place', async () => {
    writeFileSync(join(repo.dir, 'ccf.config.json'), '{\n  "rules": { "trademrk": "off" }\n}\n');
    for (const argv of [['lint'], ['diff', 'HEAD', '--no-cache'], ['crosswalk', 'HEAD', 'HEAD', '--no-cache'], ['release', '1.0.0']]) {
      const r = await run(repo.dir, argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], argv.join(' ')).toBe(
        'ccf: ccf.config.json:2:14: Unexpected rule `trademrk` at `/rules`, expected a ccf rule id',
      );
    }
  });

  it('content with lint errors → 1', async () => {
    const file = join(repo.dir, 'content/clusters/zeta/only.md');
    await repo.commit({ 'content/clusters/zeta/only.md': readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: Not_An_Id') }, 'broken');
    const fw = join(repo.dir, 'content/framework.md');
    await repo.commit({ 'content/framework.md': readFileSync(fw, 'utf8').replace(/^version: .*$/m, 'version: "1.0.0"') }, '1.0.0');
    const lintRun = await run(repo.dir, ['lint']);
    expect(lintRun.out).toMatch(/id-format/);
    expect(lintRun.code).toBe(1);
    for (const argv of [
      ['publish', '--out', 'out'],
      ['release', '1.0.0'],
    ]) {
      const r = await run(repo.dir, argv);
      expect(r.err, argv.join(' ')).toMatch(/^ccf: not (published|released): the content has lint errors$/m);
      expect(r.code, argv.join(' ')).toBe(1);
    }
  });

  it('a file that cannot be written (a Node system error) → 1, not an internal error', async () => {
    mkdirSync(join(repo.dir, 'taken'));
    const r = await run(repo.dir, ['diff', 'HEAD', 'HEAD', '--no-cache', '--out', 'taken']);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.err).toMatch(/^ccf: .*EISDIR/);
    expect(r.code).toBe(1);
  });

  it('ccf lint --watch exits each run through the same mapping', async () => {
    const io = fakeIo(repo.dir);
    const target = resolveContent(['content'], repo.dir);
    const codes: number[] = [];
    const controller = new AbortController();
    const watchers: Promise<void>[] = [];
    for (const error of [new CommandError('SOME_CODE', 'refused'), new SourceError('SOURCE_UNKNOWN_REF', 'unknown')]) {
      await new Promise<void>((ran) => {
        const onRun = (code: number): void => {
          codes.push(code);
          ran();
        };
        watchers.push(watchLint(target, () => Promise.reject(error), io, { signal: controller.signal, pollMs: 1000, onRun }));
      });
    }
    controller.abort();
    await Promise.all(watchers);
    expect(codes).toEqual([1, 2]);
    expect(io.err.join('')).toMatch(/^ccf: refused\n/);
  });
});
