import { readFileSync } from 'node:fs';
import { loadFramework, openSource } from '@ccf/core/node';
import { diffFrameworks, renderCrosswalkSssom, toSssomMappingSet, type ChangeSet } from '@ccf/diff';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../facts.js';
import { readSssomTsv } from './sssom-reader.js';

const schema = JSON.parse(readFileSync(`${repoRoot}schemas/external/sssom.schema.json`, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addSchema(schema, 'sssom');
const validateSet = ajv.getSchema('sssom#/$defs/MappingSet')!;

// The crosswalk every 2.x release ships (releases/2.0.0 itself is never rewritten), and the same with hostile titles.
describe('crosswalk.sssom.tsv read by a strict SSSOM reader', async () => {
  const from = (await loadFramework(openSource('@1.0.0', { repoRoot }))).framework;
  const to = (await loadFramework(openSource('@2.0.0', { repoRoot }))).framework;
  const real = diffFrameworks(from, to);
  const hostileTitles = ['=HYPERLINK("http://x")', '+1', '-x', '@SUM(A1)', 'Café "Œuvre" — 東京 | a\tb'];
  const hostile: ChangeSet = {
    ...real,
    to: { ...real.to, title: '=cmd|" /c calc"!A0' },
    crosswalk: real.crosswalk.map((r, i) =>
      i < hostileTitles.length ? { ...r, fromTitle: hostileTitles[i]!, reason: hostileTitles[i]! } : r,
    ),
  };

  for (const [name, cs] of [
    ['1.0.0 → 2.0.0', real],
    ['hostile titles', hostile],
  ] as const) {
    it(`${name}: no error, canonical, every identifier a CURIE declared in curie_map`, () => {
      const tsv = renderCrosswalkSssom(cs);
      const { set, errors, notCanonical } = readSssomTsv(tsv);
      expect(errors).toEqual([]);
      expect(notCanonical).toEqual([]);
      expect(set.mappings).toHaveLength(cs.crosswalk.length);
      const curies = [
        set['subject_source'],
        set['object_source'],
        ...set.mappings.flatMap((m) => [m['subject_id'], m['predicate_id'], m['object_id'], m['mapping_justification']]),
      ] as string[];
      // Stricter than the spec (which lets built-in prefixes go undeclared): every prefix is in curie_map.
      for (const c of curies) expect(Object.keys(set.curie_map), c).toContain(c.split(':')[0]);
      expect(set['mapping_set_id']).toMatch(/^https?:\/\/[^\s]+$/);
      expect(set['license']).toMatch(/^https?:\/\/[^\s]+$/);
    });

    it(`${name}: round-trips to SSSOM/JSON that the SSSOM JSON schema accepts, equal to --format sssom-json`, () => {
      const { set } = readSssomTsv(renderCrosswalkSssom(cs));
      expect(validateSet(set), JSON.stringify(validateSet.errors)).toBe(true);
      expect(set).toEqual(JSON.parse(JSON.stringify(toSssomMappingSet(cs))));
    });
  }

  it('keeps spreadsheets from running a label as a formula, and the reader gets the value the JSON form has', () => {
    const { set } = readSssomTsv(renderCrosswalkSssom(hostile));
    const labels = set.mappings.slice(0, hostileTitles.length).map((m) => m['subject_label']);
    expect(labels).toEqual(['\'=HYPERLINK("http://x")', "'+1", "'-x", "'@SUM(A1)", 'Café "Œuvre" — 東京 | a b']);
    expect(set['mapping_set_title']).toMatch(/^'=cmd/);
    // The rule is stated in the file itself, for a reader who wonders where the quote comes from.
    expect(set['comment']).toMatch(/leading '/);
    // No cell of the TSV starts with a formula character once the reader's quoting is undone.
    for (const m of set.mappings) for (const v of Object.values(m)) expect(String(v)).not.toMatch(/^[=+\-@]/);
  });
});

describe('the strict reader refuses what the SSSOM spec forbids', () => {
  const good = [
    '#curie_map:',
    '#  ccf: https://example.org/id/',
    '#  semapv: https://w3id.org/semapv/vocab/',
    '#  skos: http://www.w3.org/2004/02/skos/core#',
    '#mapping_set_id: https://example.org/crosswalk/1/2',
    '#license: https://creativecommons.org/licenses/by/4.0/',
    'subject_id\tpredicate_id\tobject_id\tmapping_justification',
    'ccf:a\tskos:exactMatch\tccf:b\tsemapv:ManualMappingCuration',
    '',
  ].join('\n');
  const messages = (text: string): string[] => readSssomTsv(text).errors.map((e) => `${e.line}: ${e.message}`);

  it('accepts a minimal valid file', () => {
    expect(messages(good)).toEqual([]);
  });
  it.each([
    ['an undeclared prefix', good.replace('ccf:b', 'obo:b'), /8: Unexpected prefix `obo`/],
    ['an identifier written as an IRI', good.replace('ccf:b', 'https://example.org/id/b'), /an IRI: SSSOM\/TSV identifiers must be CURIEs/],
    [
      'a source written as an IRI',
      good.replace('#license', '#subject_source: https://example.org/r/1\n#license'),
      /subject_source .* an IRI/,
    ],
    [
      'an unknown column',
      good.replace('mapping_justification\n', 'mapping_justification\tshare\n').replace('Curation\n', 'Curation\t1\n'),
      /Unexpected column `share`/,
    ],
    ['an unknown metadata key', good.replace('#license', '#licence: x\n#license'), /Unexpected metadata key `licence`/],
    ['a missing license', good.replace(/#license.*\n/, ''), /without `license`/],
    [
      'a license that is a CURIE',
      good.replace('https://creativecommons.org/licenses/by/4.0/', 'ccf:cc-by'),
      /license `ccf:cc-by`, a CURIE/,
    ],
    [
      'a YAML anchor and alias',
      good.replace('#license: https', '#license: &x https').replace('\nsubject_id', '\n#other: *x\nsubject_id'),
      /YAML (anchor|alias)/,
    ],
    ['a comment in the metadata', `# made by hand\n${good}`, /Unexpected (comment|indentation)/],
    ['an empty metadata line', good.replace('#license', '#\n#license'), /Unexpected empty line/],
    ['a byte order mark', `\uFEFF${good}`, /byte order mark/],
    [
      'an unquoted double quote',
      good
        .replace('ccf:b\t', 'ccf:b\t')
        .replace('Curation\n', 'Curation\n')
        .replace('predicate_id\t', 'predicate_id\tobject_label\t')
        .replace('exactMatch\t', 'exactMatch\tsay "hi"\t'),
      /double quote in an unquoted value/,
    ],
    [
      'a redefined built-in prefix',
      good.replace('https://w3id.org/semapv/vocab/', 'https://example.org/semapv/'),
      /built-in prefix `semapv`/,
    ],
    [
      'a bad cardinality',
      good.replace('mapping_justification\n', 'mapping_justification\tmapping_cardinality\n').replace('Curation\n', 'Curation\t01:01:00\n'),
      /mapping_cardinality `01:01:00`/,
    ],
  ])('refuses %s', (_, text, expected) => {
    expect(messages(text).join('\n')).toMatch(expected);
  });
});
