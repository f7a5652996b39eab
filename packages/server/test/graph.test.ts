import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('runtime neutrality', () => {
  it('the app (createApp and everything it imports) uses no Node built-in', async () => {
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
      external: ['node:*'],
      logLevel: 'silent',
    });
    const nodeImports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${file} → ${i.path}`),
    );
    expect(nodeImports).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('hono'))).toBe(true);
    // The app takes core's helpers from its runtime-neutral `.` entry, never from `./node` (sources, cache, workers).
    expect(inputs.some((f) => f.endsWith('core/src/model.ts'))).toBe(true);
    expect(
      inputs.filter((f) => /(?:^|\/)core\/src\/(?:node|sources\/(?!types)|cache|workers|parse|schema|hash|load|watch)\b/.test(f)),
    ).toEqual([]);
  });
});
