import type { Doc } from './doc.js';
import { buildIndex, type SearchIndex } from './search.js';
import type { DiffResult, Snapshot } from './store.js';

/** Per-snapshot state: documents encoded once, the search index, diffs. Dropped with its snapshot. */
interface Derived {
  docs: Map<string, Promise<Doc>>;
  index?: SearchIndex;
  diffs: Map<string, Promise<DiffResult>>;
}

/** What the sub-apps compute once per snapshot. */
export interface SnapshotState {
  /** A document computed once per snapshot and key; a failed one is computed again next time. */
  cached(s: Snapshot, key: string, build: () => Promise<Doc>): Promise<Doc>;
  /** The search index of a snapshot. */
  index(s: Snapshot): SearchIndex;
  /** The diffs computed against a snapshot, by `from` and `to`. */
  diffs(s: Snapshot): Map<string, Promise<DiffResult>>;
}

/** Keeps derived state beside each snapshot (a WeakMap: a replaced snapshot takes its state with it). */
export function snapshotState(): SnapshotState {
  const derived = new WeakMap<Snapshot, Derived>();
  const stateOf = (s: Snapshot): Derived => {
    let d = derived.get(s);
    if (!d) derived.set(s, (d = { docs: new Map(), diffs: new Map() }));
    return d;
  };
  return {
    cached(s, key, build) {
      const docs = stateOf(s).docs;
      let doc = docs.get(key);
      if (!doc) {
        doc = build();
        docs.set(key, doc);
        doc.catch(() => docs.delete(key));
      }
      return doc;
    },
    index(s) {
      const d = stateOf(s);
      return (d.index ??= buildIndex(s.framework));
    },
    diffs: (s) => stateOf(s).diffs,
  };
}
