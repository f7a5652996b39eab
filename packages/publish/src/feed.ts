import { compareVersions, normalizeBaseUrl } from '@ccf/core';
import { Feed, type Item } from 'feed';
import { FEED_FILES, toVersions, type FeedRelease, type ReleaseFeedInput } from './versions.js';

export { FEED_FILES, toVersions, type FeedRelease, type ReleaseFeedInput } from './versions.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text that XML 1.0 can hold: C0 controls (but tab, LF, CR), lone surrogates and U+FFFE/U+FFFF are not characters
 * of an XML document, and no escape can write them, so they become U+FFFD.
 */
/* eslint-disable no-control-regex -- the control characters XML 1.0 cannot hold are what it matches */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

function xmlSafe(s: string): string {
  return s.replace(NOT_XML, '\ufffd');
}

/** Text inside an Atom `type="html"` element or a JSON Feed `content_html`: shown as written, never as markup. */
function html(s: string): string {
  return xmlSafe(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Releases newest first: by date, then by version (1.0.1 may carry the date of 1.0.0's source commit). */
function newestFirst(releases: FeedRelease[]): FeedRelease[] {
  return [...releases].sort(
    (a, b) => (b.entry.date ?? '').localeCompare(a.entry.date ?? '') || compareVersions(b.entry.version, a.entry.version),
  );
}

/** `9 added, 110 renamed`, in the order of the kinds' names. */
function countsText(changes: Record<string, number>): string {
  const parts = Object.entries(changes)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${n} ${kind}`);
  return parts.length ? parts.join(', ') : 'no changes to the content';
}

interface Prepared {
  feed: Feed;
  /** The feed's `updated`: the newest release date (the feed changes only when a release is added). */
  updated: Date;
}

function prepare(input: ReleaseFeedInput, format: 'atom' | 'json'): Prepared {
  const base = normalizeBaseUrl(input.baseUrl);
  const releases = newestFirst(input.releases);
  const dates = releases.map((r) => r.entry.date).filter((d): d is string => d !== undefined);
  // A release without a date (content released with --date unset) takes the newest one: never the clock.
  const fallback = dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : '1970-01-01T00:00:00Z';
  const updated = new Date(fallback);
  const latest = input.releases.find((r) => r.entry.version === input.latest) ?? releases[0];
  const title = `${latest?.title ?? 'Framework'} releases`;
  // Atom's title is text (xml-js escapes it); an item title is `type="html"` there, so it is escaped as HTML first.
  const text = format === 'atom' ? xmlSafe : (s: string): string => s;
  const itemText = format === 'atom' ? html : (s: string): string => s;
  const feed = new Feed({
    id: `${base}releases/`,
    title: text(title),
    description: text(`Every release of the ${latest?.title ?? 'framework'}: what changed, the crosswalk and the changelog.`),
    link: `${base}releases/`,
    updated,
    generator: false,
    author: { name: text(input.publisher) },
    feedLinks: { atom: `${base}api/v1/${FEED_FILES.atom}`, json: `${base}api/v1/${FEED_FILES.json}` },
  });
  for (const r of releases) {
    const { version, previous, bump, edition } = r.entry;
    const page = `${base}releases/${version}`;
    const file = (name: string): string => `${base}api/v1/releases/${version}/${encodeURIComponent(name)}`;
    const summary = previous
      ? `Compared with ${previous}: ${countsText(r.changes ?? {})}${bump && bump !== 'none' ? ` (${bump} bump)` : ''}.`
      : 'First release: there is no earlier release to compare with.';
    const links: [string, string][] = [];
    if (previous) links.push([`Changes since ${previous} and the crosswalk`, `${base}crosswalk/${previous}/${version}`]);
    if (r.files.includes('crosswalk.csv')) links.push(['crosswalk.csv', file('crosswalk.csv')]);
    if (r.files.includes('CHANGELOG.md')) links.push(['CHANGELOG.md', file('CHANGELOG.md')]);
    links.push(['manifest.json', file('manifest.json')]);
    const counts = Object.entries(r.changes ?? {})
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const content =
      `<p>${html(`${r.title} ${version}, ${edition} edition. ${summary}`)}</p>` +
      (counts.length ? `<ul>${counts.map(([kind, n]) => `<li>${html(kind)}: ${n}</li>`).join('')}</ul>` : '') +
      `<ul>${links.map(([label, href]) => `<li><a href="${html(href)}">${html(label)}</a></li>`).join('')}</ul>` +
      `<p>${html(`manifest.json SHA-256: ${r.entry.manifestSha256}`)}</p>`;
    const date = new Date(r.entry.date ?? fallback);
    const item: Item = {
      id: page,
      title: itemText(`${r.title} ${version}`),
      link: page,
      date,
      published: date,
      description: itemText(summary),
      content,
      category: [{ name: `edition-${edition}`, term: `edition-${edition}` }],
      // JSON Feed extension (`_` + a name): the figures for a program, not only the HTML for a reader.
      extensions: [
        {
          name: '_ccf',
          objects: {
            version,
            edition,
            ...(previous ? { previous } : {}),
            ...(bump ? { bump } : {}),
            ...(r.entry.commit ? { commit: r.entry.commit } : {}),
            manifestSha256: r.entry.manifestSha256,
            changes: Object.fromEntries(counts),
            links: Object.fromEntries(links.map(([label, href]) => [label, href])),
          },
        },
      ],
    };
    feed.addItem(item);
  }
  return { feed, updated };
}

/** `releases.atom`: one Atom 1.0 entry per release, newest first, with counts by change kind and links. */
export function renderReleasesAtom(input: ReleaseFeedInput): string {
  return prepare(input, 'atom').feed.atom1() + '\n';
}

/** `feed.json`: the same entries as a JSON Feed, each with a `_ccf` extension holding the figures. */
export function renderReleasesJsonFeed(input: ReleaseFeedInput): string {
  return prepare(input, 'json').feed.json1() + '\n';
}

/** The three feed files by name (what `ccf release` writes beside releases/index.json). */
export function releaseFeedFiles(input: ReleaseFeedInput): Map<string, string> {
  return new Map([
    [FEED_FILES.atom, renderReleasesAtom(input)],
    [FEED_FILES.json, renderReleasesJsonFeed(input)],
    [FEED_FILES.versions, JSON.stringify(toVersions(input), null, 2) + '\n'],
  ]);
}
