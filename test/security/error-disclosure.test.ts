// Error answers say what went wrong in the site's own terms: no absolute path of the server's disk (it tells
// who runs it and how the machine is laid out) and no stack trace, in any body or header. Each scenario
// provokes an error path of the app or the Node store; the details go to the terminal (the store's log).
import { realpathSync } from 'node:fs';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@ccf/server';
import { createNodeStore, hostsFor, type NodeStore, type NodeStoreOptions } from '@ccf/server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedRepo, tempRepo } from './serve-helpers.js';

const LOCAL = 'http://127.0.0.1:8787';
const cleanups: (() => Promise<void>)[] = [];
const stores: NodeStore[] = [];
let repo: Awaited<ReturnType<typeof servedRepo>>;
const logged: string[] = [];

afterAll(async () => {
  for (const s of stores) await s.close();
  for (const c of cleanups.reverse()) await c();
});

/** Local places no answer may name. */
const secrets = (): string[] =>
  [...new Set([repo.dir, realpathSync(repo.dir), tmpdir(), realpathSync(tmpdir()), process.cwd(), homedir()])].filter((p) => p.length > 1);

/** Requests every path from an app over a store of `repoRoot` and lists what leaks: `path: problem`. */
async function leaks(store: NodeStore, repoRoot: string, requests: (string | [string, string])[]): Promise<string[]> {
  const app = createApp(store, { allowedHosts: hostsFor('127.0.0.1') });
  const found: string[] = [];
  for (const r of requests) {
    const [method, path] = typeof r === 'string' ? ['GET', r] : r;
    const res = await app.request(`${LOCAL}${path}`, { method });
    const text = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n\n' + (await res.text());
    for (const secret of [...secrets(), repoRoot])
      if (text.includes(secret)) found.push(`${method} ${path} (${res.status}): names ${secret}`);
    if (/\n\s+at |node:internal|file:\/\//.test(text)) found.push(`${method} ${path} (${res.status}): a stack trace or module path`);
  }
  return found;
}

/** A store of `repoRoot` whose log is kept. */
async function storeOf(options: Partial<NodeStoreOptions> & { repoRoot: string }): Promise<NodeStore> {
  const store = await createNodeStore({ log: (line) => logged.push(line), ...options });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  repo = await servedRepo();
  cleanups.push(repo.cleanup);
  const releases = join(repo.dir, 'releases');
  // Broken releases: not JSON; not matching its manifest; a framework.json that points out of the repository.
  await mkdir(join(releases, '3.0.0'));
  await writeFile(join(releases, '3.0.0/framework.json'), '{ not json');
  await cp(join(releases, '1.0.0'), join(releases, '4.0.0'), { recursive: true });
  await writeFile(join(releases, '4.0.0/framework.json'), '{}\n');
  await mkdir(join(releases, '5.0.0'));
  await symlink(join(tmpdir(), 'ccf-nowhere', 'framework.json'), join(releases, '5.0.0/framework.json'));
});

describe('error answers name no local path and carry no stack', () => {
  it('bad, unknown and unreadable versions in the diff and crosswalk pages and API; missing release files, unknown ids and paths, bad parameters and methods', async () => {
    const specs = ['@9.9.9', '@3.0.0', '@4.0.0', '@5.0.0', 'no-such-branch', 'main~99', '-x', 'content', '../..', '/etc/passwd', '@1'];
    const paths: string[] = [];
    for (const spec of specs) {
      const q = encodeURIComponent(spec);
      paths.push(`/api/v1/diff?from=${q}`, `/diff?from=${q}`, `/crosswalk?from=${q}`, `/api/v1/crosswalk?from=@1.0.0&to=${q}&format=csv`);
    }
    const others: (string | [string, string])[] = [
      '/api/v1/releases/9.9.9/framework.json',
      '/api/v1/releases/1.0.0/nope.json',
      '/api/v1/releases/1.0.0/..%2F..%2Fpackage.json',
      '/api/v1/nodes/NOPE',
      '/api/v1/clusters/nope',
      '/clusters/nope',
      '/clusters/health-care/nope',
      '/nope',
      '/api/v1/nope',
      '/api/v1/search',
      `/api/v1/search?q=${'x'.repeat(300)}`,
      '/api/v1/crosswalk?from=@1.0.0&format=xml',
      '/api/v1/diff',
      ['POST', '/'],
      ['DELETE', '/api/v1/framework'],
      ['OPTIONS', '/api/v1/framework'],
    ];
    expect(await leaks(await storeOf({ repoRoot: repo.dir }), repo.dir, [...paths, ...others])).toEqual([]);
    // The terminal still gets the whole story.
    expect(logged.join('\n')).toContain(join(repo.dir, 'releases/9.9.9/framework.json'));
  });

  it('a repository that is not a git repository (git errors quote the path)', async () => {
    const plain = await tempRepo('ccf-nogit-');
    cleanups.push(plain.remove);
    expect(
      await leaks(await storeOf({ repoRoot: plain.dir }), plain.dir, [
        '/api/v1/diff?from=main',
        '/diff?from=main',
        '/api/v1/crosswalk?from=HEAD',
      ]),
    ).toEqual([]);
  });

  it('content served from an absolute path: broken, then gone while watched, and an internal error', async () => {
    const broken = await tempRepo('ccf-broken-');
    cleanups.push(broken.remove);
    await cp(join(repo.dir, 'releases/1.0.0'), join(broken.dir, 'releases/1.0.0'), { recursive: true });
    await writeFile(join(broken.content, 'clusters/health-care/nursing.md'), '---\nid: nursing\ntitle: [unclosed\n---\n');
    await symlink(join(tmpdir(), 'elsewhere.md'), join(broken.content, 'clusters/health-care/linked.md'));
    const pages = ['/', '/lint', '/api/v1/lint', '/api/v1/framework', '/clusters/health-care', '/nope', '/api/v1/nope', '/search?q=nurse'];
    const options = {
      repoRoot: broken.dir,
      source: broken.content,
      watch: true,
      // A failure inside the server (here: the comparison) is logged; the client gets a generic 503.
      diff: () => {
        throw new Error(`ENOENT: no such file or directory, open '${join(broken.dir, 'secret')}'`);
      },
    };
    const store = await storeOf(options);
    expect(await leaks(store, broken.dir, [...pages, '/api/v1/diff?from=@1.0.0', '/diff?from=@1.0.0'])).toEqual([]);
    await rm(broken.content, { recursive: true, force: true });
    await store.reload();
    expect(store.snapshot().problems?.[0]?.ruleId).toBe('content-missing');
    expect(await leaks(store, broken.dir, pages)).toEqual([]);
  });
});
