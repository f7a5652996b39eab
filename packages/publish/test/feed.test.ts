// The release feeds, read back by the clients that read them: a strict XML 1.0 parser (saxes) and a maintained feed
// parser (@rowanmanning/feed-parser) for Atom, the JSON Feed rules for feed.json, our schema for versions.json.
import { readFileSync } from 'node:fs';
import { compareVersions, type ReleaseIndex } from '@ccf/core';
import { parseFeed } from '@rowanmanning/feed-parser';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { renderReleasesAtom, renderReleasesJsonFeed, toVersions, type ReleaseFeedInput } from '../src/index.js';
import { validatePublished } from './helpers.js';

const releasesDir = new URL('../../../releases/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', releasesDir), 'utf8')) as ReleaseIndex;
const BASE = 'https://ccf-project.github.io/ccf/';
// What the committed index says, so a new release does not change the test: versions in semver order, the newest
// first in a feed, and the feed's date the newest release date.
const ascending = index.releases.map((r) => r.version).sort(compareVersions);
const newestFirst = [...ascending].reverse();
const newest = newestFirst[0]!;
const newestDate = new Date(Math.max(...index.releases.map((r) => Date.parse(r.date!)))).toISOString();

/** The committed releases as the feeds see them, with made-up counts (the counting is the server's test). */
function input(title = 'National Career Clusters® Framework'): ReleaseFeedInput {
  return {
    baseUrl: BASE,
    publisher: 'Advance CTE & ccf contributors',
    latest: index.latest,
    releases: index.releases.map((entry, i) => {
      const manifest = JSON.parse(readFileSync(new URL(`${entry.version}/manifest.json`, releasesDir), 'utf8')) as {
        files: { path: string }[];
      };
      return {
        entry,
        title,
        files: [...manifest.files.map((f) => f.path), 'manifest.json'],
        ...(entry.previous ? { changes: { added: i, renamed: 2 * i, removed: 0 } } : {}),
      };
    }),
  };
}

/** Parses XML strictly (well-formed, only XML 1.0 characters, namespaces): throws on the first error. */
function strictXml(xml: string): { root: string; ns: string } {
  const parser = new SaxesParser({ xmlns: true });
  let root: { root: string; ns: string } | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    root ??= { root: tag.local, ns: tag.uri };
  });
  parser.write(xml).close();
  return root!;
}

describe('releases.atom', () => {
  it('is well-formed Atom 1.0 with one entry per release, newest first, each with its counts and links', () => {
    const xml = renderReleasesAtom(input());
    expect(strictXml(xml)).toEqual({ root: 'feed', ns: 'http://www.w3.org/2005/Atom' });
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('National Career Clusters® Framework releases');
    expect(feed.authors.map((a) => a.name)).toEqual(['Advance CTE & ccf contributors']);
    // The newest release date from the index, never the clock.
    expect(feed.updated?.toISOString()).toBe(newestDate);
    expect(feed.items.map((i) => i.id)).toEqual(newestFirst.map((v) => `${BASE}releases/${v}`));
    for (const item of feed.items) {
      const version = item.id!.split('/').at(-1)!;
      const entry = index.releases.find((r) => r.version === version)!;
      expect(item.title).toBe(`National Career Clusters® Framework ${version}`);
      expect(item.url).toBe(`${BASE}releases/${version}`);
      expect(item.updated?.toISOString()).toBe(new Date(entry.date!).toISOString());
      expect(item.content).toContain(entry.manifestSha256);
      expect(item.content).toContain(`${BASE}api/v1/releases/${version}/manifest.json`);
      if (entry.previous) {
        const i = index.releases.indexOf(entry);
        expect(item.description).toBe(
          `Compared with ${entry.previous}: ${i} added, ${2 * i} renamed${entry.bump === 'none' ? '' : ` (${entry.bump} bump)`}.`,
        );
        expect(item.content).toContain(`<li>added: ${i}</li>`);
        expect(item.content).toContain(`${BASE}crosswalk/${entry.previous}/${version}`);
        expect(item.content).toContain(`${BASE}api/v1/releases/${version}/CHANGELOG.md`);
        expect(item.content).toContain(`${BASE}api/v1/releases/${version}/crosswalk.csv`);
      } else expect(item.description).toBe('First release: there is no earlier release to compare with.');
    }
  });

  it('is the same text for the same index (no clock)', () => {
    expect(renderReleasesAtom(input())).toBe(renderReleasesAtom(input()));
  });

  it('writes a hostile title as text: XML and HTML escaped, CDATA ends and control characters harmless', () => {
    const title = 'A <b>bold</b> & ]]> <script>x</script> \u0001\u001b';
    const xml = renderReleasesAtom(input(title));
    strictXml(xml);
    expect(xml).not.toContain('<b>');
    expect(xml).not.toContain('<script>');
    const feed = parseFeed(xml);
    expect(feed.title).toBe(`A <b>bold</b> & ]]> <script>x</script> \ufffd\ufffd releases`);
    // An html-typed title holds the text escaped as HTML: a reader decodes it back to the text, not to markup.
    expect(xml).toContain('A &lt;b&gt;bold&lt;/b&gt; &amp; ]]');
    expect(feed.items[0]!.title).toBe(`A <b>bold</b> & ]]> <script>x</script> \ufffd\ufffd ${newest}`);
  });
});

describe('feed.json', () => {
  it('is a JSON Feed: version, title, feed_url, and items with id, url, title, content and dates', () => {
    const feed = JSON.parse(renderReleasesJsonFeed(input())) as {
      version: string;
      title: string;
      home_page_url: string;
      feed_url: string;
      items: { id: string; url: string; title: string; content_html: string; date_published: string; _ccf: Record<string, unknown> }[];
    };
    expect(feed.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1(\.1)?$/);
    expect(feed.feed_url).toBe(`${BASE}api/v1/feed.json`);
    expect(feed.items.map((i) => i.id)).toEqual(newestFirst.map((v) => `${BASE}releases/${v}`));
    for (const item of feed.items) {
      const entry = index.releases.find((r) => item.id.endsWith(`/${r.version}`))!;
      // Plain text here: JSON needs no escaping, and a JSON Feed title is text.
      expect(item.title).toBe(`National Career Clusters® Framework ${entry.version}`);
      expect(new Date(item.date_published).toISOString()).toBe(new Date(entry.date!).toISOString());
      expect(item._ccf).toMatchObject({ version: entry.version, edition: entry.edition, manifestSha256: entry.manifestSha256 });
      expect(item.content_html).toContain('<ul>');
    }
    expect(JSON.parse(renderReleasesJsonFeed(input('<T>'))).items[0].title).toBe(`<T> ${newest}`);
  });
});

describe('versions.json', () => {
  it('maps every version to its date, commit, manifest SHA-256 and edition, and follows its schema', () => {
    const versions = toVersions(input());
    expect(validatePublished.versions(versions), JSON.stringify(validatePublished.versions.errors)).toBe(true);
    expect(Object.keys(versions.versions)).toEqual(ascending);
    expect(versions.latest).toBe(index.latest);
    for (const r of index.releases)
      expect(versions.versions[r.version]).toMatchObject({
        date: r.date,
        commit: r.commit,
        manifestSha256: r.manifestSha256,
        edition: r.edition,
        manifest: `${BASE}api/v1/releases/${r.version}/manifest.json`,
      });
  });
});
