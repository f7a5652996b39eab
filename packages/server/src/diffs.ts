import { isVersion, type Framework } from '@ccf/core';
import { HttpError } from './errors.js';
import { checkSpec } from './spec.js';
import type { SnapshotState } from './state.js';
import type { DiffResult, Snapshot, SpecProblem, Store } from './store.js';

export interface DiffsOptions {
  store: Store;
  state: SnapshotState;
  /** Longest time a diff may take, in ms, before the request gets a 503. */
  timeout: number;
}

/** The diff between two versions named in a query string (`to` empty: the current content). */
export type DiffOf = (s: Snapshot, from: string | undefined, to: string | undefined) => Promise<DiffResult>;

/**
 * Diffs between versions, for the diff and crosswalk pages and API: both names checked before any work, each
 * result shared by concurrent requests and kept with its snapshot while neither side can move.
 */
export function versionDiffs({ store, state, timeout }: DiffsOptions): DiffOf {
  /** Opens a version named in a query string; undefined or empty means the current content. */
  const openSpec = async (s: Snapshot, spec: string | undefined, param: string): Promise<Framework> => {
    if (!spec) return s.framework;
    const problem = checkSpec(spec, param);
    if (problem) throw problemError(problem);
    if (!store.open) throw new HttpError(501, 'not-available', 'This server cannot open other versions');
    const opened = await store.open(spec);
    if ('error' in opened) {
      // `1.0.0` where `@1.0.0` was meant: git has no such ref, but a release has that version.
      if (isVersion(spec) && s.releases.some((r) => r.version === spec))
        throw new HttpError(
          opened.error.status,
          'unknown-version',
          `Unexpected \`${param}\` \`${spec}\`: no git ref has that name. Did you mean the release \`@${spec}\`? A release is named with \`@\``,
        );
      throw problemError(opened.error);
    }
    return opened.framework;
  };

  return (s, from, to) => {
    if (!from) throw new HttpError(400, 'missing-parameter', 'Missing `from`, expected a release such as `@1.0.0` or a git ref');
    // Check both before any work, so a bad `to` is a 400 whatever `from` is.
    for (const [spec, name] of [
      [from, 'from'],
      [to, 'to'],
    ] as const) {
      const problem = spec ? checkSpec(spec, name) : undefined;
      if (problem) throw problemError(problem);
    }
    if (!store.diff) throw new HttpError(501, 'not-available', 'Comparing versions is not available on this server yet');
    const diff = store.diff.bind(store);
    const key = `${from}\u0000${to ?? ''}`;
    const diffs = state.diffs(s);
    let result = diffs.get(key);
    if (!result) {
      result = withTimeout(
        (async () => {
          const [a, b] = await Promise.all([openSpec(s, from, 'from'), openSpec(s, to, 'to')]);
          return diff(a, b);
        })(),
        timeout,
      );
      diffs.set(key, result);
      // Refs move (a branch gains commits): keep only release-to-release and release-to-current results.
      const stable = from.startsWith('@') && (!to || to.startsWith('@'));
      result.then(
        () => void (stable || diffs.delete(key)),
        () => diffs.delete(key),
      );
      if (diffs.size > 32) diffs.delete(diffs.keys().next().value!);
    }
    return result;
  };
}

const problemError = (p: SpecProblem): HttpError => new HttpError(p.status, p.code, p.message);

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(503, 'timeout', `The comparison took longer than ${ms / 1000} s; try two releases, or again later`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
