import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCrosswalkSvg, type ChangeSet } from '../src/index.js';
import { cluster, diffCommits, framework, sub } from './helpers.js';

/** Parses `xml` as a whole XML document; throws on the first well-formedness error. */
function parseXml(xml: string): { elements: string[]; text: string } {
  const parser = new SaxesParser({ xmlns: true });
  const elements: string[] = [];
  let text = '';
  parser.on('opentag', (t) => void elements.push(t.local));
  parser.on('text', (t) => void (text += t));
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
  return { elements, text };
}

let cs: ChangeSet;
beforeAll(async () => {
  // Construction splits into a new cluster; Design moves; Food is retired; a new pathway appears.
  cs = await diffCommits({
    'content/framework.md': framework({ version: '2.0.0', retired: [{ id: 'food', reason: 'No longer taught as a pathway.' }] }),
    'content/clusters/farm/food.md': null,
    'content/clusters/design-co/index.md': cluster('design-co', 'Design & Arts', 3, { derivedFrom: ['build'] }),
    'content/clusters/build/design.md': null,
    'content/clusters/design-co/design.md': sub('design', 'Design & Pre-Construction', 1),
    'content/clusters/farm/bees.md': sub('bees', 'Bee Keeping', 4),
  });
});

describe('flow diagram (SVG)', () => {
  it('draws one band per crosswalk row of the level, labelled with a title and a description', () => {
    const svg = renderCrosswalkSvg(cs);
    const { elements } = parseXml(svg);
    const rows = cs.crosswalk.filter((r) => r.nodeType === 'cluster');
    expect(elements.filter((e) => e === 'path')).toHaveLength(rows.length);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-labelledby="flow-title flow-desc"/);
    expect(svg).toContain('<title id="flow-title">Career Clusters of version 1.0.0 → Career Clusters of version 2.0.0</title>');
    expect(svg).toMatch(
      /<desc id="flow-desc">2 Career Clusters of version 1\.0\.0 on the left, 3 Career Clusters of version 2\.0\.0 on the right/,
    );
    // Shares in each band's tooltip: Construction goes part to Design & Arts.
    expect(svg).toMatch(/<title>Construction → Design &amp; Arts: split, \d+%<\/title>/);

    const subs = renderCrosswalkSvg(cs, { level: 'subcluster' });
    parseXml(subs);
    expect(subs).toContain('Career Pathways of version 1.0.0 → Career Pathways of version 2.0.0');
    expect(subs).toContain('>New in 2.0.0</text>');
    expect(subs).toContain('>Retired in 2.0.0</text>');
    expect(subs).toContain('>Bee Keeping</text>');
  });

  it('escapes every label for XML: hostile titles stay text, and the document stays well-formed', () => {
    const hostile = structuredClone(cs);
    const evil = '</text><script>alert(1)</script><text style="x" a=\'b\'>&amp; ]]> \u0007\u202e';
    for (const r of hostile.crosswalk) if (r.fromTitle) r.fromTitle = `${evil} ${r.fromTitle}`;
    hostile.to.version = '2.0.0"><script>';
    const svg = renderCrosswalkSvg(hostile, { level: 'subcluster' });
    const { elements, text } = parseXml(svg);
    expect(elements).not.toContain('script');
    expect(svg).not.toMatch(/<script|\sstyle="/);
    expect(text).toContain('</text><script>alert(1)</script>');
    // Control and bidi characters are shown as escapes, never written raw (XML 1.0 forbids U+0007).
    expect([...svg].some((c) => c === '\u0007' || c === '\u202e')).toBe(false);
    expect(text).toContain('\\x07\\u202e');
  });

  it('is byte-reproducible and uses presentation attributes only (no script, no style, no clock)', () => {
    const a = renderCrosswalkSvg(cs);
    expect(renderCrosswalkSvg(structuredClone(cs))).toBe(a);
    expect(a).not.toMatch(/<script|<style|style=|on[a-z]+=/i);
  });
});
