import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allSubclusters, loadFramework, openSource, releaseSource, SourceError } from '../src/index.js';

const fixture = new URL('./fixtures/release-small/', import.meta.url).pathname;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccf-release-'));
  await cp(fixture, join(dir, 'releases', '2.1.0'), { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const release = (): string => join(dir, 'releases', '2.1.0');

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
    expect(framework.nodes.get('plumbing')).toMatchObject({ type: 'subcluster', parent: 'at-home', cip: ['46.0503'] });
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
    await writeFile(join(release(), 'framework.json'), '{ "id": ');
    await rm(join(release(), 'manifest.json'));
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/malformed framework\.json in release `@2\.1\.0`, expected JSON/);
  });

  it('refuses a framework.json that does not match the published schema', async () => {
    const data = JSON.parse(await readFile(join(release(), 'framework.json'), 'utf8')) as Record<string, unknown>;
    delete data.clusters;
    await writeFile(join(release(), 'framework.json'), JSON.stringify(data));
    await rm(join(release(), 'manifest.json'));
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
    await writeFile(join(release(), 'framework.json'), JSON.stringify({ ...data, formatVersion: 99 }));
    await rm(join(release(), 'manifest.json'));
    const e = await failure(() => loadFramework(releaseSource(release(), '@2.1.0')));
    expect(e.message).toMatch(/format 99/);
    expect(e.hint).toMatch(/newer ccf/);
  });
});
