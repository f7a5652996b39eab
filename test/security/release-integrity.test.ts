// A release is trusted through one chain: releases/index.json pins each manifest.json by SHA-256, and the manifest
// pins every file. A pull request that edits, deletes or unpins any link must make both readers of a release
// refuse it: the release source (`@1.0.0`, which `ccf diff`, `ccf lint --against` and `ccf release` use) and the
// server's release file route (which would otherwise serve the bytes as immutable for a year).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework, openSource, SourceError } from '@ccf/core/node';
import { createApp } from '@ccf/server';
import { createNodeStore } from '@ccf/server/node';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ccf, contentRepo, sha256, type GitRepo } from './helpers.js';

let repo: GitRepo;
let pristine: Map<string, Buffer>;
const file = (name: string): string => join(repo.dir, 'releases', name);

beforeAll(async () => {
  repo = await contentRepo('1.0.0');
  expect((await ccf(repo.dir, ['release', '1.0.0'])).code).toBe(0);
  pristine = new Map(
    ['index.json', '1.0.0/manifest.json', '1.0.0/framework.json', '1.0.0/clusters.csv'].map((n) => [n, readFileSync(file(n))]),
  );
  return () => repo.cleanup();
});
// Each scenario tampers with a fresh copy of the same release.
beforeEach(() => {
  for (const [name, bytes] of pristine) writeFileSync(file(name), bytes);
});

async function sourceError(): Promise<SourceError> {
  try {
    await loadFramework(openSource('@1.0.0', { repoRoot: repo.dir }));
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected @1.0.0 to be refused');
}

async function served(name: string): Promise<Response> {
  const store = await createNodeStore({ repoRoot: repo.dir });
  try {
    return await createApp(store).request(`http://localhost/api/v1/releases/1.0.0/${name}`);
  } finally {
    store.close();
  }
}

async function refusedByServer(name: string): Promise<void> {
  const res = await served(name);
  expect(res.status).toBe(500);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('integrity-error');
  expect(body.error.message).toMatch(/^Release 1\.0\.0 failed its integrity check: /);
}

type Manifest = { files: { path: string; sha256: string; bytes: number }[] };

describe('release integrity', () => {
  it('refuses a framework.json edited together with its manifest entry (the manifest no longer matches the index)', async () => {
    const text = readFileSync(file('1.0.0/framework.json'), 'utf8').replace('Plumbing', 'Plumbing (edited)');
    writeFileSync(file('1.0.0/framework.json'), text);
    const manifest = JSON.parse(readFileSync(file('1.0.0/manifest.json'), 'utf8')) as Manifest;
    Object.assign(
      manifest.files.find((f) => f.path === 'framework.json')!,
      { sha256: sha256(text), bytes: Buffer.byteLength(text) },
    );
    writeFileSync(file('1.0.0/manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

    const e = await sourceError();
    expect(e.message).toMatch(/manifest\.json: its SHA-256 does not match the one .*index\.json records for 1\.0\.0$/);
    expect(e.hint).toMatch(/git restore releases\//);
    await refusedByServer('framework.json');
    await refusedByServer('manifest.json');
  });

  it('refuses a release whose manifest.json was deleted', async () => {
    rmSync(file('1.0.0/manifest.json'));
    expect((await sourceError()).message).toMatch(/^Unexpected release `@1\.0\.0` without .*manifest\.json/);
    await refusedByServer('framework.json');
  });

  it('refuses a release that releases/index.json does not list', async () => {
    const index = JSON.parse(readFileSync(file('index.json'), 'utf8')) as { releases: unknown[] };
    writeFileSync(file('index.json'), JSON.stringify({ ...index, releases: [] }, null, 2));
    expect((await sourceError()).message).toMatch(/index\.json has no manifestSha256 for 1\.0\.0$/);
    await refusedByServer('framework.json');
  });

  it('refuses a file with one flipped byte, whether read as @1.0.0 or served', async () => {
    for (const name of ['1.0.0/framework.json', '1.0.0/clusters.csv']) {
      const bytes = readFileSync(file(name));
      bytes[100] ^= 0x01;
      writeFileSync(file(name), bytes);
    }
    expect((await sourceError()).message).toMatch(
      /^Unexpected framework\.json in release `@1\.0\.0`: its SHA-256 does not match manifest\.json$/,
    );
    await refusedByServer('framework.json');
    await refusedByServer('clusters.csv');
    // The rest of the release, still intact, is served as before.
    const intact = await served('manifest.json');
    expect(intact.status).toBe(200);
    expect(intact.headers.get('cache-control')).toMatch(/immutable/);
  });
});
