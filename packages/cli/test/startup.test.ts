// Start-up: `ccf lint` loads what linting needs and nothing else (issue 19 part 5). A whole `ccf lint` of the
// real content is mostly Node compiling modules, so a command that pulls in the watcher, git, the server, the
// publishers or ajv's compiler pays for them on every run. The modules a process resolves are recorded by a
// module hook; the bench row `lint_real` measures the time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'packages/cli/dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'ccf-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every module URL `ccf <args>` resolves (ESM imports, and CommonJS packages imported from ESM). */
function loaded(args: string[]): string[] {
  const log = join(dir, `urls-${args.join('-')}.txt`);
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('start-up', () => {
  it('`ccf lint` loads no watcher, git client, server, publisher, differ or ajv compiler', () => {
    const urls = loaded(['lint', 'content']);
    // The packages' dependency-free `./errors` entries are allowed: exit.ts maps their errors to exit codes.
    const unwanted = urls.filter((u) =>
      /node_modules\/(chokidar|readdirp|simple-git|hono|@hono\/node-server|pagefind|exceljs|jszip)\/|node_modules\/ajv\/dist\/(2020|ajv|core)\.js|packages\/(server|publish|diff)\/(?!(dist|src)\/errors\.[jt]s$)/.test(
        u,
      ),
    );
    expect(unwanted).toEqual([]);
    // The hook sees the command's own modules: the check is not vacuous.
    expect(urls.some((u) => u.includes('packages/lint/'))).toBe(true);
  });
});
