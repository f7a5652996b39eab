import { describe, expect, it } from 'vitest';
import { allSubclusters } from '../src/index.js';
import { loadFramework, openSource } from '../src/node.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

describe('release 1.0.0 stays readable as @1.0.0, whatever content/ holds now', () => {
  it('reads the 2002 edition: 16 clusters, 79 pathways, 1,033 SOC links', async () => {
    const { framework } = await loadFramework(openSource('@1.0.0', { repoRoot }));
    expect(framework.meta).toMatchObject({ version: '1.0.0', edition: '2002' });
    expect(framework.source).toMatchObject({ label: '@1.0.0', kind: 'release', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(framework.clusters).toHaveLength(16);
    expect(allSubclusters(framework)).toHaveLength(79);
    expect(allSubclusters(framework).reduce((n, s) => n + s.soc.length, 0)).toBe(1033);
    expect(framework.nodes.size).toBe(95);
  });
});
