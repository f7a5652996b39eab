import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './facts.js';

// The steward's links in content/ and the code lists soc-format and cip-format check against are generated from
// test/facts/; these keep the committed output in step with its generator (and the generator with the facts).
describe('generated from the facts', () => {
  it('content/ holds exactly the link lists scripts/steward-links.mjs writes', () => {
    expect(() => execFileSync(process.execPath, [join(repoRoot, 'scripts/steward-links.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('packages/core/src/code-lists.ts is what scripts/gen-code-lists.mjs writes', () => {
    expect(() =>
      execFileSync(process.execPath, [join(repoRoot, 'scripts/gen-code-lists.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('prints the per-cluster figures of the CHANGELOG: 548 links kept, 655 added, 313 removed', () => {
    const table = execFileSync(process.execPath, [join(repoRoot, 'scripts/steward-links.mjs'), '--figures'], { encoding: 'utf8' });
    expect(table.trim().split('\n')).toHaveLength(2 + 14 + 1);
    expect(table).toContain('| **all 14 clusters** | 861 | 1203 | 548 | 655 | 313 | 4686 | 112 |');
  });
});
