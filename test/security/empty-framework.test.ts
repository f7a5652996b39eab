/**
 * Attack: a pull request deletes every cluster. Before, the content linted clean and `ccf publish` wrote a
 * release with no clusters — which every consumer would read as "the whole framework was removed". Now it is an
 * error at framework.md (no-empty-framework) and publish refuses, even when called past lint.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { main, type Io } from '@ccf/cli';
import { directorySource, loadFramework } from '@ccf/core/node';
import { buildRelease, PublishError } from '@ccf/publish';
import { afterEach, describe, expect, it } from 'vitest';
import { tempContent, type TempDir } from './small-content.js';

let temp: TempDir | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

async function ccf(argv: string[], cwd: string) {
  const r = { out: '', err: '' };
  const io: Io = { cwd, env: { PATH: process.env.PATH }, isTTY: false, stdout: (t) => void (r.out += t), stderr: (t) => void (r.err += t) };
  const code = await main(argv, io);
  return { code, ...r };
}

const noClusters = {
  'clusters/finance/index.md': null,
  'clusters/finance/accounting.md': null,
  'clusters/finance/insurance.md': null,
  'clusters/marketing/index.md': null,
  'clusters/marketing/merchandising.md': null,
};
const expected =
  'content/framework.md:1:1  error  Unexpected framework with no Career Cluster, expected at least one (`clusters/<id>/index.md`)  no-empty-framework';

describe('a framework with every cluster deleted', () => {
  it('is a lint error at framework.md, with or without an empty clusters/ folder', async () => {
    temp = await tempContent(noClusters);
    const r = await ccf(['lint', 'content', '--no-cache'], temp.dir);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.includes('  error  '))).toEqual([expected]);
    await mkdir(join(temp.dir, 'content/clusters'));
    const again = await ccf(['lint', 'content', '--no-cache'], temp.dir);
    expect(again.code).toBe(1);
    expect(again.out).toContain(expected);
  });

  it('is refused by publish, which writes nothing', async () => {
    temp = await tempContent(noClusters);
    const r = await ccf(['publish', '--from', 'content', '--out', 'out'], temp.dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('framework.md:1:1  error  Unexpected framework with no Career Cluster');
    expect(r.err).toContain('not published: the content has lint errors');
    expect(existsSync(join(temp.dir, 'out'))).toBe(false);
  });

  it('is refused by buildRelease itself, for a caller that skips lint', async () => {
    temp = await tempContent(noClusters);
    const load = await loadFramework(directorySource(join(temp.dir, 'content')));
    expect(load.framework.clusters).toEqual([]);
    await expect(buildRelease(load.framework, { toolVersion: '0.0.0' })).rejects.toThrow(PublishError);
  });

  it('with one cluster left lints clean', async () => {
    temp = await tempContent({ 'clusters/marketing/index.md': null, 'clusters/marketing/merchandising.md': null });
    const r = await ccf(['lint', 'content', '--no-cache'], temp.dir);
    expect(r.code).toBe(0);
  });
});
