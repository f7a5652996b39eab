import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allSubclusters } from '../src/index.js';
import { loadFramework, openSource, releaseSource, SourceError } from '../src/node.js';

const fixture = new URL('./fixtures/release-small/', import.meta.url).pathname;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccf-release-'));
  await cp(fixture, join(dir, 'releases', '2.1.0'), { recursive: true });
  await pin();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const release = (): string => join(dir, 'releases', '2.1.0');
const hash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Records the manifest's SHA-256 in releases/index.json, as `ccf release` does. */
async function pin(): Promise<void> {
  const manifestSha256 = hash(await readFile(join(release(), 'manifest.json')));
  await writeFile(join(dir, 'releases', 'index.json'), JSON.stringify({ releases: [{ version: '2.1.0', manifestSha256 }] }));
}

/** Writes framework.json as if it had been published so: the manifest and the index agree with it. */
async function republish(text: string): Promise<void> {
  await writeFile(join(release(), 'framework.json'), text);
  const manifest = JSON.parse(await readFile(join(release(), 'manifest.json'), 'utf8')) as {
    files: { path: string; sha256: string; bytes: number }[];
  };
  const entry = manifest.files.find((f) => f.path === 'framework.json')!;
  entry.sha256 = hash(Buffer.from(text));
  entry.bytes = Buffer.byteLength(text);
  await writeFile(join(release(), 'manifest.json'), JSON.stringify(manifest));
  await pin();
}

async function failure(run: () => Promise<unknown>): Promise<SourceError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('releaseSource', () => {
  it('reads a published framework.json back into the model', async () => {
    const source = openSource('@2.1.0', { repoRoot: dir });
    expect(source.kind).toBe('model');
    const { framework, diagnostics } = await loadFramework(source);
    expect(diagnostics).toEqual([]);
    expect(framework.meta).toMatchObject({ id: 'small-framework', version: '2.1.0', edition: '2024', baseUrl: 'https://example.test/ccf' });
    expect(framework.clusters.map((c) => [c.id, c.children.map((s) => s.id)])).toEqual([
      ['at-home', ['care', 'plumbing']],
      ['zeta', ['only']],
    ]);
    expect(framework.nodes.get('plumbing')).toMatchObject({ type: 'subcluster', parent: 'at-home', cip: [{ code: '46.0503' }] });
    expect(framework.nodes.get('zeta')).toMatchObject({ status: 'retired', retiredReason: 'Kept for history; nothing continues it.' });
    expect(framework.nodes.get('at-home')!.derivedFrom).toEqual(['old-home', 'old-care']);
    expect(allSubclusters(framework).flatMap((s) => s.soc)).toHaveLength(3);
    expect(framework.introduction).toContain('A *small* framework');
    expect(framework.source).toEqual({
      label: '@2.1.0',
      kind: 'release',
      commit: '0123456789abcdef0123456789abcdef01234567',
      date: '2024-10-22T14:03:00Z',
    });
  });

  it('says so when the release does not exist', async () => {
    const e = await failure(async () => openSource('@9.9.9', { repoRoot: dir }));
    expect(e.message).toMatch(/^Unknown release `@9\.9\.9`/);
    expect(e.hint).toMatch(/ccf release/);
  });

  it('refuses a framework.json that is not JSON', async () => {
    await republish('{ "id": ');
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/malformed framework\.json in release `@2\.1\.0`, expected JSON/);
  });

  it('refuses a framework.json that does not match the published schema', async () => {
    const data = JSON.parse(await readFile(join(release(), 'framework.json'), 'utf8')) as Record<string, unknown>;
    delete data.clusters;
    await republish(JSON.stringify(data));
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/clusters/);
    expect(e.message).toMatch(/expected the published framework schema/);
  });

  it('refuses a framework.json edited after publishing (its hash no longer matches the manifest)', async () => {
    const text = await readFile(join(release(), 'framework.json'), 'utf8');
    await writeFile(join(release(), 'framework.json'), text.replace('Plumbing', 'Plumbing!'));
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/SHA-256 does not match manifest\.json/);
  });

  it('refuses a format it does not know', async () => {
    const data = JSON.parse(await readFile(join(release(), 'framework.json'), 'utf8')) as Record<string, unknown>;
    await republish(JSON.stringify({ ...data, formatVersion: 99 }));
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/format 99/);
    expect(e.hint).toMatch(/newer ccf/);
  });
});
