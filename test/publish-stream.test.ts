import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Framework } from '@ccf/core';
import { directorySource, loadFramework, publishedReleases } from '@ccf/core/node';
import { buildRelease, streamRelease, writeRelease, type BuildOptions } from '@ccf/publish';

// `ccf publish` writes each file as it is built (streamRelease → writeRelease) instead of building every output in
// memory first: the folder must hold byte for byte what buildRelease (the in-memory path `ccf release` and the
// server use) gives.

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ccf-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function same(framework: Framework, options: BuildOptions, name: string): Promise<void> {
  const expected = await buildRelease(framework, options);
  const out = join(work, name);
  const written = await writeRelease(out, streamRelease(framework, options), { overwrite: false });
  expect([...written]).toEqual([...expected].map(([n, b]) => [n, b.byteLength]));
  expect(readdirSync(out).sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(Buffer.compare(readFileSync(join(out, file)), Buffer.from(bytes)), file).toBe(0);
}

const fm = (data: Record<string, unknown>, body: string): string =>
  `---\n${Object.entries(data)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n---\n\n${body}\n`;

/** A generated content folder: 12 clusters × 20 sub-clusters, with occupations, lineage and Markdown bodies. */
function generate(dir: string): void {
  const put = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  put(
    'framework.md',
    fm(
      {
        id: 'gen',
        title: 'Generated',
        version: '3.0.0',
        edition: '2024',
        publisher: 'test',
        license: 'CC-BY-4.0',
        attribution: 'test',
        baseUrl: 'https://ccf-project.github.io/ccf/',
        terms: { cluster: 'Career Cluster', subcluster: 'Sub-Cluster' },
      },
      'Intro with *emphasis*.',
    ),
  );
  for (let c = 0; c < 12; c++) {
    put(
      `clusters/c${c}/index.md`,
      fm({ id: `c${c}`, title: `Cluster ${c}`, order: c + 1, provenance: { status: 'VERIFIED' } }, `Careers of **cluster ${c}**.`),
    );
    for (let s = 0; s < 20; s++)
      put(
        `clusters/c${c}/s${c}-${s}.md`,
        fm(
          {
            id: `s${c}-${s}`,
            title: s % 7 === 0 ? `=Sub-cluster ${c}.${s}` : `Sub-cluster ${c}.${s}`,
            order: s + 1,
            provenance: { status: 'VERIFIED' },
            soc: [{ code: `11-${1000 + c * 20 + s}.00`, title: 'Managers' }],
            cip: [{ code: '01.0101' }],
          },
          `Work in ${c}.${s}: _planning_, making <b>and</b> [keeping](../c${(c + 1) % 12}/index.md) things going.\n\n- one\n- two`,
        ),
      );
  }
}

describe('publish streams its files', () => {
  it('the real content: the same bytes as buildRelease', async () => {
    const load = await loadFramework(directorySource(join(root, 'content')));
    const earlier = await publishedReleases(root, { except: load.framework.meta.version });
    await same(load.framework, { toolVersion: '0.0.0-test', date: '2024-05-01T00:00:00Z', earlier }, 'real');
  });

  it('a generated corpus, with Excel BOMs and extra files: the same bytes as buildRelease', async () => {
    const dir = join(work, 'content');
    generate(dir);
    const load = await loadFramework(directorySource(dir));
    expect(load.framework.nodes.size).toBe(252);
    await same(
      load.framework,
      { toolVersion: '0.0.0-test', excel: true, extraFiles: { 'CHANGELOG.md': '# Changes\n', 'crosswalk.csv': 'a,b\n' } },
      'generated',
    );
  });

  it('a bad extra file name is refused before any file is built or written', async () => {
    const load = await loadFramework(directorySource(join(root, 'content')));
    expect(() => streamRelease(load.framework, { toolVersion: 'x', extraFiles: { 'case.json': '{}' } })).toThrow(/extra file name/);
  });
});
