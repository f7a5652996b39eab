import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './facts.js';

// The steward's links in content/ and the code lists soc-format and cip-format check against are generated from
// test/facts/; these keep the committed output in step with its generator (and the generator with the facts).
describe('generated from the facts', () => {
  it('content/ holds exactly the link lists scripts/steward-links.mjs writes', () => {
    expect(() => execFileSync(process.execPath, [join(repoRoot, 'scripts/steward-links.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('tools/import/import-2024.mjs, which leaves the links to scripts/steward-links.mjs, writes content/ byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'ccf-import-2024-'));
    try {
      execFileSync(process.execPath, [join(repoRoot, 'tools/import/import-2024.mjs'), '--out', out], { stdio: 'pipe' });
      const files = (dir: string): Map<string, string> =>
        new Map(
          readdirSync(dir, { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => join(e.parentPath, e.name))
            .map((f) => [relative(dir, f), readFileSync(f, 'utf8')]),
        );
      const content = files(join(repoRoot, 'content'));
      const imported = files(out);
      expect([...imported.keys()].sort()).toEqual([...content.keys()].sort());
      for (const [f, text] of imported) expect(text, f).toBe(content.get(f));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
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
