/**
 * Attack: a pull request (or a local mistake) puts a FIFO, a socket or another special file where a Markdown
 * file belongs. Reading a FIFO waits for a writer forever; ccf must report it as `not-a-file` (exit 1) within
 * seconds, whether it is found in a folder or named on the command line, and never hang.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../facts.js';
import { runCcf, runNode, type ChildResult } from './ccf-child.js';
import { tempContent, type TempDir } from './small-content.js';

// Generous for a loaded CI machine (a child starts Node and tsx); a hang still fails, at this bound.
const TIMEOUT = 45_000;
vi.setConfig({ testTimeout: 3 * TIMEOUT });
let temp: TempDir | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
  await temp?.cleanup();
  temp = undefined;
});

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

function socketAt(path: string): Promise<Server> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(path, () => done(s));
  });
}

/** The not-a-file lines of a compact report. */
function notAFile(r: ChildResult): string[] {
  return r.stdout.split('\n').filter((l) => l.endsWith('not-a-file'));
}

function finished(r: ChildResult): void {
  expect(r.timedOut, `ccf was still running after ${TIMEOUT} ms:\n${r.stderr}`).toBe(false);
}

describe('a FIFO named like a content file', () => {
  it('is reported as not-a-file when found in a folder', async () => {
    temp = await tempContent();
    mkfifo(join(temp.dir, 'content/clusters/finance/pipe.md'));
    const r = await runCcf(['lint', 'content'], temp.dir, TIMEOUT);
    finished(r);
    expect(r.code).toBe(1);
    expect(notAFile(r)).toEqual([
      'content/clusters/finance/pipe.md:1:1  error  Unexpected FIFO (named pipe) named `pipe.md`, expected a Markdown file  not-a-file',
    ]);
  });

  it('is reported as not-a-file when named as an argument', async () => {
    temp = await tempContent();
    mkfifo(join(temp.dir, 'content/clusters/finance/pipe.md'));
    const r = await runCcf(['lint', 'content/clusters/finance/pipe.md'], temp.dir, TIMEOUT);
    finished(r);
    expect(r.code).toBe(1);
    expect(notAFile(r)).toHaveLength(1);
    expect(notAFile(r)[0]).toMatch(/^content\/clusters\/finance\/pipe\.md:1:1 {2}error {2}Unexpected FIFO/);
  });

  it('in place of framework.md is called a FIFO, not a folder', async () => {
    temp = await tempContent({ 'framework.md': null });
    mkfifo(join(temp.dir, 'content/framework.md'));
    const r = await runCcf(['lint', 'content'], temp.dir, TIMEOUT);
    finished(r);
    expect(r.code).toBe(1);
    expect(notAFile(r)).toEqual([
      'content/framework.md:1:1  error  Unexpected FIFO (named pipe) named `framework.md`, expected a Markdown file  not-a-file',
    ]);
  });

  it('makes publish refuse, without waiting on the FIFO', async () => {
    temp = await tempContent();
    mkfifo(join(temp.dir, 'content/clusters/marketing/pipe.md'));
    const r = await runCcf(['publish', '--from', 'content', '--out', 'out'], temp.dir, TIMEOUT);
    finished(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('clusters/marketing/pipe.md:1:1  error  Unexpected FIFO (named pipe)');
  });

  it('swapped in after listing is refused by read(), not waited on', async () => {
    temp = await tempContent();
    const root = join(temp.dir, 'content');
    // List while the file is regular, replace it by a FIFO, then read: the race a hostile writer could win.
    const script = `
      import { rmSync } from 'node:fs';
      import { execFileSync } from 'node:child_process';
      import { directorySource } from '@ccf/core/node';
      const source = directorySource(${JSON.stringify(root)});
      const { entries } = await source.list();
      rmSync(${JSON.stringify(join(root, 'clusters/finance/insurance.md'))});
      execFileSync('mkfifo', [${JSON.stringify(join(root, 'clusters/finance/insurance.md'))}]);
      const read = await source.read(entries);
      const got = read.get('clusters/finance/insurance.md');
      console.log(JSON.stringify(got instanceof Uint8Array ? 'bytes' : got));
    `;
    const r = await runNode(['--input-type=module', '-e', script], repoRoot, TIMEOUT);
    finished(r);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'clusters/finance/insurance.md', ruleId: 'not-a-file', severity: 'error' });
  });
});

describe('a unix socket named like a content file', () => {
  it('is reported as not-a-file, in a folder and named as an argument', async () => {
    temp = await tempContent();
    server = await socketAt(join(temp.dir, 'content/clusters/finance/sock.md'));
    for (const target of ['content', 'content/clusters/finance/sock.md']) {
      const r = await runCcf(['lint', target], temp.dir, TIMEOUT);
      finished(r);
      expect(r.code, target).toBe(1);
      expect(notAFile(r), target).toEqual([
        'content/clusters/finance/sock.md:1:1  error  Unexpected socket named `sock.md`, expected a Markdown file  not-a-file',
      ]);
    }
  });
});

describe('a release whose framework.json is a FIFO', () => {
  it('is refused at once (exit 2), not waited on', async () => {
    temp = await tempContent();
    await mkdir(join(temp.dir, 'releases/9.0.0'), { recursive: true });
    mkfifo(join(temp.dir, 'releases/9.0.0/framework.json'));
    const r = await runCcf(['diff', '@9.0.0', 'content'], temp.dir, TIMEOUT);
    finished(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unexpected FIFO (named pipe) as framework.json in release `@9.0.0`, expected a regular file');
    rmSync(join(temp.dir, 'releases/9.0.0/framework.json'));
  });
});
