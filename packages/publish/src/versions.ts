import type { ReleaseIndexEntry, Versions } from '@ccf/core';
import { compareVersions, normalizeBaseUrl } from '@ccf/core';
import { publishedSchemaUrl } from './framework-json.js';

// The release list as data (versions.json and the feeds' input), apart from the feed renderers in feed.ts: the
// `feed` library reaches Node's `stream` (through sax), and the server's neutral app imports this module.

/** One release as the feeds show it: its releases/index.json entry, what its manifest says, what changed. */
export interface FeedRelease {
  /** Its entry in releases/index.json (date, commit, manifest SHA-256, edition, previous, bump). */
  entry: ReleaseIndexEntry;
  /** The framework's title, from the release's manifest.json. */
  title: string;
  /** The files its manifest lists, so that links name only files the release has. */
  files: string[];
  /** How many changes of each kind (`added`, `renamed`, …) since `entry.previous`; absent for a first release. */
  changes?: Record<string, number>;
}

/** What the release feeds and versions.json are made from: nothing in it comes from the clock. */
export interface ReleaseFeedInput {
  /** The site every link is under (the framework's `baseUrl`). */
  baseUrl: string;
  /** Who publishes the framework (the feed's author). */
  publisher: string;
  /** The latest version (releases/index.json `latest`); absent while there is no release. */
  latest?: string;
  releases: FeedRelease[];
}

/** The file names of the feeds, in releases/ and under the API (`/api/v1/releases.atom`, …). */
export const FEED_FILES = { atom: 'releases.atom', json: 'feed.json', versions: 'versions.json' } as const;

/** `versions.json`: version → date, source commit, manifest SHA-256, edition, in semver order. */
export function toVersions(input: ReleaseFeedInput): Versions {
  const base = normalizeBaseUrl(input.baseUrl);
  const sorted = [...input.releases].sort((a, b) => compareVersions(a.entry.version, b.entry.version));
  return {
    $schema: publishedSchemaUrl(base, 'versions'),
    ...(input.latest ? { latest: input.latest } : {}),
    versions: Object.fromEntries(
      sorted.map(({ entry: e }) => [
        e.version,
        {
          ...(e.date ? { date: e.date } : {}),
          ...(e.commit ? { commit: e.commit } : {}),
          manifestSha256: e.manifestSha256,
          edition: e.edition,
          ...(e.previous ? { previous: e.previous } : {}),
          ...(e.bump ? { bump: e.bump } : {}),
          manifest: `${base}api/v1/releases/${e.version}/manifest.json`,
        },
      ]),
    ),
  };
}
