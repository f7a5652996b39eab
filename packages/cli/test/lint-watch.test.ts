import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directorySource, loadFramework } from '@ccf/core';
import { formatCompact, lint } from '@ccf/lint';
import { afterAll, describe, expect, it } from 'vitest';
import { watchLint } from '../src/commands/lint.js';
import { resolveContent } from '../src/content.js';
import type { Io } from '../src/io.js';
import { tempContent } from './lint-helpers.js';

const base = new URL('./fixtures/lint-base/content/', import.meta.url).pathname;

describe('ccf lint --watch', () => {
  const t = tempContent(base);
  afterAll(() => t.cleanup());

  it('lints, re-lints when a file changes (a broken file does not stop it), and stops on abort', async () => {
    const out: string[] = [];
    const io: Io = { cwd: t.dir, env: {}, isTTY: false, stdout: (s) => out.push(s), stderr: () => {} };
    const target = resolveContent(['content'], t.dir);
    const run = async (): Promise<number> => {
      const d = lint(await loadFramework(directorySource(target.root)));
      io.stdout(formatCompact(d));
      return d.some((x) => x.severity === 'error') ? 1 : 0;
    };
    const controller = new AbortController();
    const codes: number[] = [];
    let next: (() => void) | undefined;
    const ran = () => new Promise<void>((resolve) => (next = resolve));
    let waiting = ran();
    const done = watchLint(target, run, io, {
      signal: controller.signal,
      debounceMs: 30,
      // Polling: the test is about what watchLint does with a change, not about inotify timing under a busy CI.
      pollMs: 50,
      onRun: (code) => {
        codes.push(code);
        next?.();
      },
    });
    await waiting;
    expect(codes).toEqual([0]);

    waiting = ran();
    const file = join(t.content, 'clusters/finance/insurance.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title:', 'tittle:'));
    await waiting;
    expect(codes).toEqual([0, 1]);
    expect(out.at(-1)).toContain('Unexpected property `tittle`');

    waiting = ran();
    writeFileSync(file, '\u0000 not even text');
    await waiting;
    expect(codes).toEqual([0, 1, 1]);
    expect(out.at(-1)).toContain('encoding');

    controller.abort();
    await done;
  }, 20_000);
});
