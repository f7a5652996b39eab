import { request } from 'node:http';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { directorySource, loadFramework, sha256 } from '@ccf/core/node';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { createNodeStore, hostsFor, listen, readReleases, type NodeStore, type Running } from '../src/node.js';
import { fixtures, tempDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: NodeStore;
let running: Running;

/** A raw HTTP GET: the path goes on the wire exactly as given (no URL normalization). */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: running.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  tmp = await tempDir();
  await cp(join(fixtures, 'basic'), join(tmp.dir, 'content'), { recursive: true });
  await mkdir(join(tmp.dir, 'releases/1.0.0/sub'), { recursive: true });
  await mkdir(join(tmp.dir, 'releases/not-a-version'), { recursive: true });
  await writeFile(join(tmp.dir, 'releases/1.0.0/framework.json'), '{"release":"1.0.0"}\n');
  // A release is served only when its files match the manifest that releases/index.json pins.
  const manifest = `${JSON.stringify({ files: [{ path: 'framework.json', sha256: sha256('{"release":"1.0.0"}\n'), bytes: 20 }] })}\n`;
  await writeFile(join(tmp.dir, 'releases/1.0.0/manifest.json'), manifest);
  await writeFile(
    join(tmp.dir, 'releases/index.json'),
    JSON.stringify({ releases: [{ version: '1.0.0', manifestSha256: sha256(manifest) }] }),
  );
  await writeFile(join(tmp.dir, 'releases/1.0.0/sub/hidden.json'), '{"hidden":true}\n');
  await writeFile(join(tmp.dir, 'releases/not-a-version/x.json'), '{}\n');
  await writeFile(join(tmp.dir, 'secret.txt'), 'top secret\n');
  await symlink(join(tmp.dir, 'secret.txt'), join(tmp.dir, 'releases/1.0.0/link.txt'));
  store = await createNodeStore({ repoRoot: tmp.dir, watch: true });
  running = await listen(createApp(store, { allowedHosts: hostsFor('127.0.0.1') }), { port: 0 });
});

afterAll(async () => {
  store?.close();
  await running?.close();
  await tmp?.remove();
});

describe('Node entry', () => {
  it('listens on 127.0.0.1 with header and request timeouts', async () => {
    expect(running.url).toBe(`http://127.0.0.1:${running.port}/`);
    const server = running.server as unknown as {
      headersTimeout: number;
      requestTimeout: number;
      keepAliveTimeout: number;
      address(): { address: string };
    };
    expect(server.address().address).toBe('127.0.0.1');
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    const res = await raw('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Healthcare &amp; Human Services');
  });

  it('refuses a Host that is not this machine (DNS rebinding)', async () => {
    const res = await raw('/api/v1/clusters', { Host: `rebind.example:${running.port}` });
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'bad-host' } });
    expect((await raw('/api/v1/clusters', { Host: `localhost:${running.port}` })).status).toBe(200);
  });

  it('answers an API document from its prepared bytes: the same headers on GET, HEAD and a repeat, Content-Length included', async () => {
    const get = await raw('/api/v1/clusters');
    expect(get.status).toBe(200);
    const length = String(Buffer.byteLength(get.body));
    expect(get.headers['content-length']).toBe(length);
    expect(get.headers['transfer-encoding']).toBeUndefined();
    // HEAD describes the GET answer (RFC 9110 §9.3.2): its length too, which c.body()'s Headers did not carry.
    const head = await raw('/api/v1/clusters', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const noDate = (h: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'date'));
    const getHeaders = noDate(get.headers);
    expect(noDate(head.headers)).toEqual(getHeaders);
    expect(head.headers['content-length']).toBe(length);
    // The prepared header object is shared between answers: a second answer is not changed by the first.
    const again = await raw('/api/v1/clusters');
    expect(noDate(again.headers)).toEqual(getHeaders);
    expect(again.body).toBe(get.body);
    const notModified = await raw('/api/v1/clusters', { 'If-None-Match': String(get.headers['etag']) });
    expect(notModified.status).toBe(304);
    expect(notModified.headers['etag']).toBe(get.headers['etag']);
    expect(notModified.headers['ccf-release']).toBe('preview');
    expect(notModified.headers['content-security-policy']).toBe(get.headers['content-security-policy']);
  });

  it('reads release files: regular files of version folders only', async () => {
    const releases = await readReleases(join(tmp.dir, 'releases'));
    expect(releases.map((r) => [r.version, r.files.map((f) => f.name)])).toEqual([['1.0.0', ['framework.json', 'manifest.json']]]);
    const res = await raw('/api/v1/releases/1.0.0/framework.json');
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"release":"1.0.0"}\n');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('lists releases newest first by semver precedence, and skips folders that are not versions', async () => {
    const dir = join(tmp.dir, 'ordering');
    // The server's old comparison put `rc.10` before `rc.2` (string order) and listed `1.0.0-01`.
    for (const v of ['1.0.0-rc.2', '1.0.0-rc.10', '1.0.0', '0.9.0', '1.0.0-01', 'v2.0.0']) {
      await mkdir(join(dir, v), { recursive: true });
      await writeFile(join(dir, v, 'framework.json'), '{}\n');
    }
    expect((await readReleases(dir)).map((r) => r.version)).toEqual(['1.0.0', '1.0.0-rc.10', '1.0.0-rc.2', '0.9.0']);
  });

  it('no path on the wire escapes the release folder', async () => {
    const attempts = [
      '/api/v1/releases/1.0.0/../../secret.txt',
      '/api/v1/releases/1.0.0/%2e%2e/%2e%2e/secret.txt',
      '/api/v1/releases/1.0.0/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/api/v1/releases/1.0.0/..%2f..%2fsecret.txt',
      '/api/v1/releases/1.0.0/%2fetc%2fpasswd',
      '/api/v1/releases/1.0.0//etc/passwd',
      '/api/v1/releases/1.0.0/..%5c..%5csecret.txt',
      '/api/v1/releases/1.0.0/link.txt',
      '/api/v1/releases/1.0.0/sub/hidden.json',
      '/api/v1/releases/1.0.0/sub%2fhidden.json',
      '/api/v1/releases/not-a-version/x.json',
      '/api/v1/releases/%2e%2e/secret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '//etc/passwd',
    ];
    for (const path of attempts) {
      const res = await raw(path);
      expect(res.body, path).not.toContain('top secret');
      expect(res.body, path).not.toContain('"hidden":true');
      expect(res.body, path).not.toContain('root:');
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('makes the crosswalk workbook for the preview download once, from @ccf/publish', async () => {
    const fw = (await loadFramework(directorySource(join(fixtures, 'basic')))).framework;
    // The store's default diff is @ccf/diff's, with the workbook from @ccf/publish.
    const result = await store.diff!(fw, fw);
    const bytes = await result.xlsx!();
    expect(await result.xlsx!()).toBe(bytes);
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<sheet [^>]*name="crosswalk"/);
  });

  it('answers GET and HEAD only', async () => {
    expect((await raw('/api/v1/clusters', {}, 'POST')).status).toBe(405);
    expect((await raw('/api/v1/clusters', {}, 'DELETE')).status).toBe(405);
    const head = await raw('/api/v1/clusters', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('opens releases and refs only, never a folder named in a query string', async () => {
    const unknown = await raw('/api/v1/diff?from=@9.9.9');
    expect([404, 501]).toContain(unknown.status);
    expect(await store.open!('content')).toEqual({ error: expect.objectContaining({ status: 400, code: 'bad-version' }) });
    expect(await store.open!('@9.9.9')).toEqual({ error: expect.objectContaining({ status: 404, code: 'unknown-version' }) });
  });

  it('--watch: an edit reloads; a broken file keeps the last good content and shows its diagnostics', async () => {
    const events: number[] = [];
    const stop = store.subscribe!((s) => events.push(s.generation));
    const file = join(tmp.dir, 'content/clusters/health-care/nursing.md');
    const before = store.snapshot().generation;

    await writeFile(
      file,
      (await import('node:fs')).readFileSync(file, 'utf8').replace('title: Nursing & Patient Care', 'title: Nursing & Midwifery'),
    );
    await until(() => store.snapshot().framework.nodes.get('nursing')?.title === 'Nursing & Midwifery');
    expect(store.snapshot().generation).toBeGreaterThan(before);
    expect((await raw('/clusters/health-care/nursing')).body).toContain('<h1>Nursing &amp; Midwifery</h1>');

    await writeFile(file, '---\nid: nursing\ntitle: [unclosed\n---\n');
    await until(() => Boolean(store.snapshot().problems));
    const page = (await raw('/clusters/health-care/nursing')).body;
    expect(page).toContain('The latest edit does not load');
    expect(page).toContain('clusters/health-care/nursing.md:');
    expect(page).toContain('<h1>Nursing &amp; Midwifery</h1>');

    await writeFile(file, (await import('node:fs')).readFileSync(join(fixtures, 'basic/clusters/health-care/nursing.md'), 'utf8'));
    await until(() => !store.snapshot().problems && store.snapshot().framework.nodes.get('nursing')?.title === 'Nursing & Patient Care');
    expect(events.length).toBeGreaterThanOrEqual(3);
    stop();
  });
});
