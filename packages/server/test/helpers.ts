import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Framework } from '@ccf/core';
import { directorySource, loadFramework } from '@ccf/core/node';
import type { CrosswalkRow } from '@ccf/diff';
import { lint } from '@ccf/lint';
import { type DiffResult, type Release, type Snapshot, type Store } from '../src/index.js';
import { etagOf } from '../src/doc.js';

export const fixtures = join(import.meta.dirname, 'fixtures');

/** Loads a fixture folder into a snapshot, as the Node store does. */
export async function loadSnapshot(dir: string, releases: Release[] = [], generation = 1): Promise<Snapshot> {
  const load = await loadFramework(directorySource(dir));
  return { generation, framework: load.framework, diagnostics: lint(load), releases };
}

/** A release held in memory from an object of files. */
export async function release(version: string, files: Record<string, string>): Promise<Release> {
  const enc = new TextEncoder();
  const list = await Promise.all(
    Object.keys(files)
      .sort()
      .map(async (name) => {
        const bytes = enc.encode(files[name]!);
        return {
          name,
          bytes,
          etag: await etagOf(bytes),
          type: name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        };
      }),
  );
  return { version, files: list };
}

/** A fake diff: every node of `to` by id against `from`, enough to exercise the pages and API. */
export function fakeDiff(from: Framework, to: Framework): DiffResult {
  const ids = new Set([...from.nodes.keys(), ...to.nodes.keys()]);
  const crosswalk = [...ids].sort().map((id): CrosswalkRow => {
    const a = from.nodes.get(id);
    const b = to.nodes.get(id);
    const parent = (n: typeof a): string | null => (n?.type === 'subcluster' ? n.parent : null);
    const title = (fw: Framework, id: string | null): string | null => (id === null ? null : (fw.nodes.get(id)?.title ?? null));
    return {
      fromId: a ? id : null,
      fromTitle: a?.title ?? null,
      fromParent: parent(a),
      fromParentTitle: title(from, parent(a)),
      toId: b ? id : null,
      toTitle: b?.title ?? null,
      toParent: parent(b),
      toParentTitle: title(to, parent(b)),
      nodeType: (b ?? a)!.type,
      relation: a && b ? (a.title === b.title ? 'unchanged' : 'renamed') : a ? 'retired' : 'new',
      skos: a && b ? 'exactMatch' : '',
      cardinality: a && b ? '1:1' : a ? '1:0' : '0:1',
      share: a && b ? 1 : null,
      shareBasis: a && b ? 'lineage' : null,
      partial: false,
      primary: !!(a && b),
      occupations: [],
    };
  });
  const csv = ['fromId,toId,relation', ...crosswalk.map((r) => `${r.fromId ?? ''},${r.toId ?? ''},${r.relation}`)].join('\r\n') + '\r\n';
  return {
    from: from.source.label,
    to: to.source.label,
    bump: 'major',
    changeSet: { from: from.source.label, to: to.source.label, bump: 'major', changes: crosswalk.length },
    html: `<p class="summary">${crosswalk.length} rows</p>`,
    crosswalk,
    csv,
    // The zip signature: the app passes the workbook through, @ccf/publish makes the real one (node.test.ts).
    xlsx: () => Promise.resolve(new Uint8Array([0x50, 0x4b, 0x03, 0x04])),
  };
}

/** A store over fixed snapshots; `open` knows the given versions by spec. */
export function memoryStore(
  snapshot: Snapshot,
  versions: Record<string, Framework> = {},
  withDiff = true,
): Store & { set(s: Snapshot): void } {
  let current = snapshot;
  const listeners = new Set<(s: Snapshot) => void>();
  return {
    snapshot: () => current,
    set(s) {
      current = s;
      listeners.forEach((l) => l(s));
    },
    async open(spec) {
      const fw = versions[spec];
      return fw
        ? { framework: fw }
        : {
            error: {
              status: 404,
              code: 'unknown-version',
              message: `Unexpected version \`${spec}\`, expected a published release or a git ref`,
            },
          };
    },
    ...(withDiff ? { diff: fakeDiff } : {}),
  };
}

/** A temporary folder, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ccf-server-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
