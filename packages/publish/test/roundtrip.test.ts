import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Framework } from '@ccf/core';
import { loadFramework, releaseSource, sha256 } from '@ccf/core/node';
import { describe, expect, it } from 'vitest';
import { buildRelease, writeRelease } from '../src/index.js';
import { earlierOf, fixture, loadDir, repoContent, tempDir } from './helpers.js';

const strip = (fw: Framework): Omit<Framework, 'source'> => {
  const { source: _source, ...rest } = fw;
  void _source;
  return rest;
};

describe.each([
  ['fixture', fixture('small')],
  ['content/', repoContent],
])('a release of %s reads back as the same framework', (_name, dir) => {
  it('round-trips through framework.json', async () => {
    const framework = await loadDir(dir);
    const tmp = await tempDir();
    try {
      const out = join(tmp.dir, '1.0.0');
      const files = await buildRelease(framework, { toolVersion: '0.0.0', earlier: await earlierOf(dir) });
      await writeRelease(out, files, { overwrite: false });
      // The release source checks the manifest against the index beside the folder, as `ccf release` writes it.
      const manifestSha256 = sha256(files.get('manifest.json')!);
      await writeFile(join(tmp.dir, 'index.json'), JSON.stringify({ releases: [{ version: '1.0.0', manifestSha256 }] }));
      const back = await loadFramework(releaseSource(out, '@1.0.0'));
      expect(strip(back.framework)).toEqual(strip(framework));
      expect(back.framework.source).toEqual({
        label: '@1.0.0',
        kind: 'release',
        commit: framework.source.commit,
        date: '2024-10-22T14:03:00Z',
      });
      expect(back.diagnostics).toEqual([]);
    } finally {
      await tmp.done();
    }
  });
});
