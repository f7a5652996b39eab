import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './facts.js';

// knip reads every package's imports (src, tests, scripts, bench) against its package.json: a dependency
// nothing imports, or an import no package.json lists, fails here. Exceptions are in knip.jsonc, with reasons.
it('every package.json lists exactly the dependencies its code imports (knip)', () => {
  const knip = join(repoRoot, 'node_modules/knip/bin/knip.js');
  let output = '';
  try {
    execFileSync(process.execPath, [knip, '--include', 'dependencies,unlisted,binaries', '--no-progress', '--no-config-hints'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ''}${e.stderr ?? ''}` || String(error);
  }
  expect(output).toBe('');
});
