import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directorySource, loadFramework } from '@ccf/core/node';
import { formatCompact, lint } from '@ccf/lint';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAR_SCREEN, watchLint } from '../src/commands/lint.js';
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

    // Saves like an editor and waits for the re-lint. On a loaded machine the watcher may still be settling
    // when the first save lands, so a save that goes unnoticed for 3 s is repeated (an editor saves again too).
    const file = join(t.content, 'clusters/finance/insurance.md');
    const saveAndWait = async (text: string): Promise<number[]> => {
      const before = codes.length;
      await new Promise((r) => setTimeout(r, 300));
      for (let attempt = 0; attempt < 5 && codes.length === before; attempt++) {
        waiting = ran();
        writeFileSync(file, text);
        await Promise.race([waiting, new Promise((r) => setTimeout(r, 3000))]);
      }
      await new Promise((r) => setTimeout(r, 200));
      return codes.slice(before);
    };

    const broken = await saveAndWait(readFileSync(file, 'utf8').replace('title:', 'tittle:'));
    expect(broken.length).toBeGreaterThan(0);
    expect(new Set(broken)).toEqual(new Set([1]));
    expect(out.at(-1)).toContain('Unexpected property `tittle`');

    const binary = await saveAndWait('\u0000 not even text');
    expect(binary.length).toBeGreaterThan(0);
    expect(new Set(binary)).toEqual(new Set([1]));
    expect(out.at(-1)).toContain('encoding');

    controller.abort();
    await done;
  }, 120_000);
});

describe('ccf lint --watch on a terminal', () => {
  const t = tempContent(base);
  afterAll(() => t.cleanup());

  it('clears the screen before each run on a TTY, and never when piped', async () => {
    const target = resolveContent(['content'], t.dir);
    for (const isTTY of [true, false]) {
      const out: string[] = [];
      const io: Io = { cwd: t.dir, env: {}, isTTY, stdout: (s) => out.push(s), stderr: () => {} };
      const controller = new AbortController();
      await watchLint(
        target,
        async () => {
          io.stdout('0 errors, 0 warnings\n');
          return 0;
        },
        io,
        { signal: controller.signal, debounceMs: 10, pollMs: 50, onRun: () => controller.abort() },
      );
      expect(out).toEqual(isTTY ? [CLEAR_SCREEN, '0 errors, 0 warnings\n'] : ['0 errors, 0 warnings\n']);
    }
  });
});
