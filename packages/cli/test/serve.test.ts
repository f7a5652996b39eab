import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

// The server package's fixture framework: two clusters, three sub-clusters.
const fixture = join(import.meta.dirname, '../../server/test/fixtures/basic');

let repo: string;

function fakeIo(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, env: {}, isTTY: false };
}

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'ccf-cli-serve-'));
  await cp(fixture, join(repo, 'content'), { recursive: true });
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('ccf serve', () => {
  it('serves on 127.0.0.1, prints the URL, stops on SIGINT with exit 0', async () => {
    const io = fakeIo(repo);
    const exit = main(['serve', '--port', '0'], io);
    await until(() => io.out.join('').includes('http://'));
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(io.out.join(''))![1]!;
    expect(io.out.join('')).toMatch(/^ccf: serving Test Framework 2\.0\.0 from content at http:\/\/127\.0\.0\.1:\d+\/\n$/);
    const res = await fetch(`${url}api/v1/clusters`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }[]).map((c) => c.id)).toEqual(['health-care', 'digital-technology']);
    // The preview serves the work tree, and says so on every API answer (ADR 0020).
    expect(res.headers.get('ccf-release')).toBe('preview');
    process.emit('SIGINT');
    expect(await exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('rejects a bad port or source with exit 2 and a one-line message', async () => {
    const io = fakeIo(repo);
    expect(await main(['serve', '--port', 'http'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^ccf: Unexpected port `http`, expected a number from 0 to 65535\n/);
    const io2 = fakeIo(repo);
    expect(await main(['serve', '--port', '0', '--source', '@1'], io2)).toBe(2);
    expect(io2.err.join('')).toMatch(/^ccf: Unexpected release `@1`/);
  });

  it('rejects a bad --api-default or --window with exit 2', async () => {
    const io = fakeIo(repo);
    expect(await main(['serve', '--port', '0', '--api-default', 'latest'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^ccf: Unexpected --api-default `latest`, expected `content` or `release`\n/);
    const io2 = fakeIo(repo);
    expect(await main(['serve', '--port', '0', '--api-default', 'release', '--window', '-1'], io2)).toBe(2);
    expect(io2.err.join('')).toMatch(/^ccf: Unexpected --window `-1`/);
  });

  it('--edit: refused off loopback and on a release; on loopback every cluster page has Edit', async () => {
    const io = fakeIo(repo);
    expect(await main(['serve', '--port', '0', '--edit', '--host', '0.0.0.0'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^ccf: Unexpected --edit with --host 0\.0\.0\.0, expected a loopback address\n/);
    const io2 = fakeIo(repo);
    const exit = main(['serve', '--port', '0', '--edit'], io2);
    await until(() => io2.out.join('').includes('edit mode'));
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(io2.out.join(''))![1]!;
    expect(await (await fetch(`${url}clusters/health-care`)).text()).toContain('href="/edit/clusters/health-care"');
    expect((await fetch(`${url}edit/clusters/health-care`)).status).toBe(200);
    process.emit('SIGINT');
    expect(await exit).toBe(0);
  });

  it('says which port is taken', async () => {
    const io = fakeIo(repo);
    const first = main(['serve', '--port', '0'], io);
    await until(() => io.out.join('').includes('http://'));
    const port = /:(\d+)\//.exec(io.out.join(''))![1]!;
    const io2 = fakeIo(repo);
    expect(await main(['serve', '--port', port], io2)).toBe(1);
    expect(io2.err.join('')).toContain(`ccf: Port ${port} on 127.0.0.1 is in use`);
    process.emit('SIGINT');
    expect(await first).toBe(0);
  });
});

describe('ccf build-site', () => {
  it('writes every page and API document, and replaces its own output whole', async () => {
    const io = fakeIo(repo);
    expect(await main(['build-site', '--out', 'dist/site', '--base', '/ccf/'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^ccf: wrote \d+ files \(\d+ KB\) to dist\/site\n$/);
    const site = join(repo, 'dist/site');
    const index = await readFile(join(site, 'index.html'), 'utf8');
    expect(index).toContain('<a href="/ccf/clusters/health-care">Healthcare &amp; Human Services</a>');
    expect(index).not.toContain('live.js');
    expect(await readFile(join(site, 'clusters/health-care/nursing.html'), 'utf8')).toContain('Registered Nurses');
    const clusters = JSON.parse(await readFile(join(site, 'api/v1/clusters.json'), 'utf8')) as { href: string }[];
    expect(clusters).toHaveLength(2);
    // Links inside exported documents name exported files.
    expect(clusters[0]!.href).toBe('/ccf/api/v1/clusters/health-care.json');
    await readFile(join(site, 'api/v1/clusters/health-care.json'));
    expect(JSON.parse(await readFile(join(site, 'api/v1/nodes/therapy.json'), 'utf8'))).toMatchObject({ id: 'therapy' });
    expect(JSON.parse(await readFile(join(site, 'api/v1/openapi.json'), 'utf8'))).toMatchObject({
      openapi: '3.1.0',
      servers: [{ url: '/ccf/api/v1' }],
    });
    expect(await readFile(join(site, 'assets/site.css'), 'utf8')).toContain(':root');

    await writeFile(join(site, 'stale.html'), 'old');
    expect(await main(['build-site', '--out', 'dist/site'], fakeIo(repo))).toBe(0);
    await expect(readFile(join(site, 'stale.html'))).rejects.toThrow();
  });

  it('refuses to overwrite a folder it did not write, and a bad base', async () => {
    await mkdir(join(repo, 'precious'));
    await writeFile(join(repo, 'precious/keep.txt'), 'keep');
    const io = fakeIo(repo);
    expect(await main(['build-site', '--out', 'precious'], io)).toBe(1);
    expect(io.err.join('')).toContain('ccf: precious exists and was not written by ccf build-site');
    expect(await readFile(join(repo, 'precious/keep.txt'), 'utf8')).toBe('keep');
    const io2 = fakeIo(repo);
    expect(await main(['build-site', '--base', 'ccf'], io2)).toBe(2);
    expect(io2.err.join('')).toMatch(/^ccf: Unexpected base `ccf`/);
    const io3 = fakeIo(join(repo, 'content'));
    expect(await main(['build-site', '--out', '..'], io3)).toBe(2);
  });
});
