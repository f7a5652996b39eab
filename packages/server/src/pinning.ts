import { compareVersions } from '@ccf/core';
import type { Release } from './store.js';

// Which release an unpinned API request answers from (docs/decisions/0020-api-pinning.md).

/** Days a new major release waits before it becomes the default, unless configured. */
export const DEFAULT_WINDOW_DAYS = 90;

/** What unpinned /api/v1 requests answer from. */
export interface PinningOptions {
  /**
   * `content` (default): the content the server shows — for `ccf serve` the editor's work tree, a preview, and the
   * `CCF-Release` header says `preview`. `release`: the default release by the window rule below.
   */
  apiDefault?: 'content' | 'release';
  /** Days after the first release of a new major line during which the default stays on the previous line. */
  windowDays?: number;
  /** The clock (tests pin it). */
  now?: () => Date;
}

/** The date a release was made from (its manifest's source commit date), if the manifest says. */
export function releaseDate(release: Release): Date | undefined {
  const manifest = release.files.find((f) => f.name === 'manifest.json');
  if (!manifest) return undefined;
  try {
    const date = (JSON.parse(new TextDecoder().decode(manifest.bytes)) as { source?: { date?: unknown } }).source?.date;
    const parsed = typeof date === 'string' ? new Date(date) : undefined;
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const major = (v: string): number => Number(v.split('.')[0]);
/** Pre-releases are never a default: nobody pins production to a release candidate by accident. */
const stable = (v: string): boolean => !v.includes('-');

/**
 * The default release: the highest stable release, except that for `windowDays` after the first release of a new
 * major line the default stays on the highest release of the previous line (consumers get that long to move, as ESCO
 * keeps its default API version). A release whose files fail their integrity check is never the default.
 */
export function defaultRelease(releases: Release[], windowDays = DEFAULT_WINDOW_DAYS, now = new Date()): string | undefined {
  const versions = releases
    .filter((r) => stable(r.version) && !r.files.some((f) => f.problem))
    .sort((a, b) => compareVersions(b.version, a.version));
  const latest = versions[0];
  if (!latest) return undefined;
  const line = major(latest.version);
  const first = versions.filter((r) => major(r.version) === line).at(-1)!;
  const since = releaseDate(first);
  const previous = versions.find((r) => major(r.version) < line);
  const inWindow = since !== undefined && now.getTime() - since.getTime() < windowDays * 86_400_000;
  return (inWindow && previous ? previous : latest).version;
}

/** The closest of `versions` to a version that is not one of them: same major.minor, else same major, else the highest. */
export function suggestVersion(wanted: string, versions: string[]): string | undefined {
  const sorted = [...versions].sort((a, b) => compareVersions(b, a));
  const [maj, min] = wanted.split('.');
  return sorted.find((v) => v.startsWith(`${maj}.${min}.`)) ?? sorted.find((v) => v.startsWith(`${maj}.`)) ?? sorted[0];
}
