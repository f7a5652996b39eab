// `ccf serve --watch` and `ccf lint --watch` outlive what a checkout does to the content folder: removed and
// made again (`rm -rf content && git checkout content`), replaced by a rename, broken several times in a row.
// Every wait polls for the state it expects with a generous deadline (a busy 2-core machine delays file
// events by seconds); children are killed after each test whatever happened.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ccf, fixture, fixtureTitled, killAll, serve, tempRepo, until } from './serve-helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await killAll();
  await cleanup?.();
  cleanup = undefined;
});

interface Lint {
  diagnostics: unknown[];
  problems?: { file: string; ruleId: string; message: string }[];
}
const getJson = async <T>(url: string): Promise<T> => {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
};
const titles = async (url: string): Promise<string[]> => (await getJson<{ title: string }[]>(`${url}api/v1/clusters`)).map((c) => c.title);

describe('ccf serve --watch', () => {
  it('keeps the last good content while content/ is gone, and follows it when it comes back, again and again', async () => {
    const repo = await tempRepo('ccf-watch-serve-');
    cleanup = repo.remove;
    const { proc, url } = await serve(['--watch'], repo.dir);
    expect(await titles(url)).toEqual(['Healthcare & Human Services', 'Digital Technology']);

    for (let round = 1; round <= 3; round++) {
      await rm(repo.content, { recursive: true, force: true });
      // Gone is broken, not empty: the last good framework stays, and every page says why the newest does not load.
      const lint = await until(
        `round ${round}: the missing folder to show`,
        async () => {
          const l = await getJson<Lint>(`${url}api/v1/lint`);
          return l.problems?.some((p) => p.ruleId === 'content-missing') && l;
        },
        { proc },
      );
      expect(lint.problems![0]!.message).toContain('Missing content folder `content`');
      expect((await titles(url)).length).toBe(2);
      expect(await (await fetch(`${url}lint`)).text()).toContain('Missing content folder');

      const title = `Health Round ${round}`;
      if (round === 2) {
        // Replaced by a rename rather than written in place.
        await fixtureTitled(join(repo.dir, 'content.new'), title);
        await rename(join(repo.dir, 'content.new'), repo.content);
      } else await fixtureTitled(repo.content, title);
      await until(`round ${round}: the restored content`, async () => (await titles(url))[0] === title, { proc });
      expect((await getJson<Lint>(`${url}api/v1/lint`)).problems).toBeUndefined();
    }

    // And the watcher on the new folder hears an ordinary edit.
    const file = join(repo.content, 'clusters/health-care/index.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Health Round 3', 'Health Edited'));
    await until('an edit after the last restore', async () => (await titles(url))[0] === 'Health Edited', { proc });
  }, 300_000);

  it('keeps the last good content through several broken reloads in a row, showing the newest problems', async () => {
    const repo = await tempRepo('ccf-watch-broken-');
    cleanup = repo.remove;
    const { proc, url } = await serve(['--watch'], repo.dir);
    const good = await titles(url);

    const broken = ['clusters/health-care/nursing.md', 'clusters/health-care/index.md', 'clusters/digital-technology/index.md'];
    for (const [i, name] of broken.entries()) {
      await writeFile(join(repo.content, name), `---\nid: x\ntitle: [unclosed ${i}\n---\n`);
      const lint = await until(
        `broken reload ${i + 1} (${name})`,
        async () => {
          const l = await getJson<Lint>(`${url}api/v1/lint`);
          return l.problems?.some((p) => p.file === name) && l;
        },
        { proc },
      );
      // Every file broken so far is listed, and the site still serves the framework as it last loaded.
      for (const earlier of broken.slice(0, i + 1)) expect(lint.problems!.map((p) => p.file)).toContain(earlier);
      expect(await titles(url)).toEqual(good);
      expect((await getJson<{ id: string }>(`${url}api/v1/nodes/nursing`)).id).toBe('nursing');
      const page = await (await fetch(`${url}clusters/health-care`)).text();
      expect(page).toContain('The latest edit does not load');
      expect(page).toContain(name);
    }

    for (const name of broken) await writeFile(join(repo.content, name), await readFile(join(fixture, name)));
    const file = join(repo.content, 'clusters/health-care/index.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Healthcare & Human Services', 'Healthcare Fixed'));
    await until('the repaired content', async () => (await titles(url))[0] === 'Healthcare Fixed', { proc });
    expect((await getJson<Lint>(`${url}api/v1/lint`)).problems).toBeUndefined();
  }, 300_000);
});

describe('ccf lint --watch', () => {
  it('keeps watching when content/ disappears for a while, says so, and lints again when it is back', async () => {
    const repo = await tempRepo('ccf-watch-lint-');
    cleanup = repo.remove;
    const proc = ccf(['lint', '--watch', 'content'], repo.dir);
    const runs = (): number => proc.stderr().split('ccf: watching content for changes').length - 1;
    const missing = (): number => proc.stderr().split('ccf: content is missing').length - 1;
    await until('the first run', () => runs() === 1, { proc });

    for (let round = 1; round <= 2; round++) {
      const before = runs();
      await rm(repo.content, { recursive: true, force: true });
      await until(`round ${round}: the missing folder to be reported`, () => missing() >= round, { proc });
      // Still there a moment later (the original exited with code 13 here: nothing kept it alive).
      await new Promise((r) => setTimeout(r, 1500));
      expect(proc.exitCode()).toBeNull();

      await fixtureTitled(repo.content, `Health Round ${round}`);
      await until(`round ${round}: a run on the restored folder`, () => runs() > before, { proc });
    }
    expect(proc.stdout()).not.toContain('framework-missing');
    expect(proc.exitCode()).toBeNull();
  }, 300_000);
});
