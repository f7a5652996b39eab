import type { FileSource, Framework } from '@ccf/core';
import { loadFramework } from '@ccf/core/node';

/** A source over files in memory (`content/…` paths), so a rule's case needs no git and no disk. */
export function memorySource(files: Record<string, string>, label: string): FileSource {
  const content = new Map(
    Object.entries(files)
      .filter(([p]) => p.startsWith('content/'))
      .map(([p, text]) => [p.slice('content/'.length), new TextEncoder().encode(text)]),
  );
  return {
    kind: 'files',
    info: { label, kind: 'directory' },
    list: async () => ({ entries: [...content.keys()].map((path) => ({ path })), diagnostics: [] }),
    read: async (entries) => new Map(entries.flatMap((e) => (content.has(e.path) ? [[e.path, content.get(e.path)!] as const] : []))),
  };
}

/** `base` and `base` with `changes` applied (null deletes), loaded; content errors fail the test. */
export async function versions(base: Record<string, string>, changes: Record<string, string | null>): Promise<[Framework, Framework]> {
  const next: Record<string, string> = { ...base };
  for (const [p, text] of Object.entries(changes)) {
    if (text === null) delete next[p];
    else next[p] = text;
  }
  const load = async (files: Record<string, string>, label: string): Promise<Framework> => {
    const r = await loadFramework(memorySource(files, label));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(`${label}: ${JSON.stringify(errors)}`);
    return r.framework;
  };
  return [await load(base, 'before'), await load(next, 'after')];
}
