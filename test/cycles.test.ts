import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './facts.js';

// The module graph of every package's src/, checked with dependency-cruiser against .dependency-cruiser.mjs:
// no import cycles (type-only imports included) and no CLI command importing another command.

const config = join(repoRoot, '.dependency-cruiser.mjs');

/** Cruises `dirs` (relative to `baseDir`) with the repository's rules; the violations as `rule: from → to` lines. */
async function violations(baseDir: string, dirs: string[]): Promise<{ lines: string[]; result: ICruiseResult }> {
  const options = await extractDepcruiseOptions(config);
  const { output } = await cruise(dirs, { ...options, baseDir, validate: true, outputType: 'json' });
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  const lines = result.summary.violations.map(
    (v) => `${v.rule.name}: ${v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)].join(' → ') : `${v.from} → ${v.to}`}`,
  );
  return { lines, result };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)).split(sep).join('/'));
}

describe('module graph (dependency-cruiser)', () => {
  const packages = readdirSync(join(repoRoot, 'packages')).filter((p) => !p.startsWith('.'));

  it('packages/*/src: no import cycles, no command imports another command', async () => {
    const { lines, result } = await violations(
      repoRoot,
      packages.map((p) => `packages/${p}/src`),
    );
    expect(lines).toEqual([]);
    // A rule that sees nothing passes too: every source file must have been read.
    const cruised = new Set(result.modules.map((m) => m.source));
    const missed = packages.flatMap((p) => sourceFiles(join(repoRoot, 'packages', p, 'src'))).filter((f) => !cruised.has(f));
    expect(missed).toEqual([]);
  });

  describe('the rules catch what they forbid', () => {
    let dir: string;
    const write = (files: Record<string, string>): void => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    };
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ccf-cycles-'));
      write({
        // A cycle of values and one of types only (each is reported once).
        'packages/core/src/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
        'packages/core/src/b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
        'packages/core/src/t.ts': "import type { U } from './u.js';\nexport interface T { u?: U }\n",
        'packages/core/src/u.ts': "import type { T } from './t.js';\nexport interface U { t?: T }\n",
        // One command borrowing from another, and one using a shared module (allowed).
        'packages/cli/src/shared.ts': 'export const shared = 1;\n',
        'packages/cli/src/commands/diff.ts': "import { shared } from '../shared.js';\nexport const helper = shared;\n",
        'packages/cli/src/commands/crosswalk.ts': "import { helper } from './diff.js';\nexport const run = helper;\n",
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports each cycle and each command that imports a command', async () => {
      const { lines } = await violations(dir, ['packages/core/src', 'packages/cli/src']);
      expect(lines.sort()).toEqual(
        [
          'no-circular: packages/core/src/a.ts → packages/core/src/b.ts → packages/core/src/a.ts',
          'no-circular: packages/core/src/t.ts → packages/core/src/u.ts → packages/core/src/t.ts',
          'no-command-imports-command: packages/cli/src/commands/crosswalk.ts → packages/cli/src/commands/diff.ts',
        ].sort(),
      );
    });
  });
});
