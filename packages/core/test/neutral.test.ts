import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The same check as the server's app bundle (packages/server/test/graph.test.ts), for core's `.` entry.
describe('runtime neutrality', () => {
  it('the `.` entry (and everything it imports) bundles for a neutral platform with no Node built-in', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '../src/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      format: 'esm',
      // What an edge runtime or a bundler for the browser resolves: never the `node` condition.
      conditions: ['source', 'worker', 'browser', 'import', 'default'],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const imports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${file} → ${i.path}`),
    );
    expect(imports).toEqual([]);
    const own = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'));
    // What needs the disk or node:crypto stays out of it.
    expect(own.filter((f) => /^src\/(?:sources\/(?!types)|cache|workers|parse|schema|hash|load|node|watch)\b/.test(f))).toEqual([]);
    expect(own).toContain('src/model.ts');
  });
});
