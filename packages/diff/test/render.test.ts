import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  renderCrosswalkCsv,
  renderCrosswalkSssom,
  toSssomMappingSet,
  renderChangeSetHtml,
  renderChangeSetMarkdown,
  renderChangeSetJson,
  type ChangeSet,
} from '../src/index.js';
import { diffCommits, framework, sub } from './helpers.js';

const schema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

let cs: ChangeSet;
beforeAll(async () => {
  cs = await diffCommits({
    'content/framework.md': framework({
      version: '2.0.0',
      retired: [{ id: 'design', reason: 'Folded into <b>architecture</b> & engineering.' }],
    }),
    'content/clusters/build/design.md': null,
    'content/clusters/farm/food.md': null,
    'content/clusters/build/food.md': sub(
      'food',
      'Food | Safety & "Processing"',
      3,
      {},
      'New *text* with <script>alert(1)</script> and @someone.',
    ),
    'content/clusters/build/energy.md': sub('energy', '=HYPERLINK("http://x")', 4),
    'content/clusters/farm/plants.md': sub('plants', 'Plant Systems', 1, {
      soc: [{ code: '19-1031.00', title: 'Conservation Scientists' }],
    }),
  });
});

describe('JSON', () => {
  it('is valid against schemas/changeset.schema.json, and the schema can fail', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(schema('changeset.schema.json'));
    const data = JSON.parse(renderChangeSetJson(cs)) as Record<string, unknown>;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...data, bump: 'huge' })).toBe(false);
    expect(validate({ ...data, crosswalk: [{ fromId: 'x' }] })).toBe(false);
  });
  it('is deterministic', async () => {
    expect(renderChangeSetJson(cs)).toBe(renderChangeSetJson(JSON.parse(renderChangeSetJson(cs)) as ChangeSet));
    expect(renderChangeSetJson(cs)).not.toMatch(/\d{4}-\d\d-\d\dT(?!00:00:00\+00:00)/);
  });
});

describe('Markdown report', () => {
  it('puts counts first, then breaking changes by cluster, the rest folded', () => {
    const md = renderChangeSetMarkdown(cs);
    const at = (s: string) => md.indexOf(s);
    expect(md).toContain('**major** release');
    expect(at('| Breaking | 2 |')).toBeGreaterThan(0);
    expect(at('By kind: Removed: 0')).toBe(-1);
    expect(at('By kind: Retired: 1 · Moved: 1 · Added: 1 · Renamed: 1 · Field changed: 1 · Definition edited: 1')).toBeGreaterThan(0);
    expect(at('### Breaking changes (2)')).toBeGreaterThan(at('| Editorial |'));
    expect(at('<details><summary><b>Notable changes')).toBeGreaterThan(at('### Breaking changes'));
    expect(md).toContain('#### Construction');
    expect(md).toContain('| Removed | Added |');
    expect(md).toContain('| 19-1013.00 Soil and Plant Scientists | 19-1031.00 Conservation Scientists |');
    expect(md).toContain('Career Pathway retired');
  });
  it('escapes what editors wrote: no HTML, no table breaks, no mentions', () => {
    const md = renderChangeSetMarkdown(cs);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>architecture');
    // Only what Markdown reads as markup is escaped: `&` stays `&` (the report is plain text outside GitHub too).
    expect(md).toContain('Food \\| Safety & "Processing"');
    expect(md).not.toContain('&amp;');
    expect(md).toContain('@\u200bsomeone');
  });
  it('stays under maxChars, cuts at block boundaries and points at the full report', () => {
    const full = renderChangeSetMarkdown(cs);
    for (const max of [full.length - 1, Math.floor(full.length / 2), 1000]) {
      const md = renderChangeSetMarkdown(cs, { maxChars: max, artifactUrl: 'https://example.org/run/1' });
      expect(md.length).toBeLessThanOrEqual(max);
      expect(md).toContain('cut short');
      expect(md).toContain('(https://example.org/run/1)');
      expect(md.split('<details>').length).toBe(md.split('</details>').length);
    }
    expect(full).not.toContain('cut short');
  });
  it('says when nothing changed', async () => {
    const none = await diffCommits({});
    expect(renderChangeSetMarkdown(none)).toContain('No change to any cluster or pathway');
  });
});

describe('HTML fragment', () => {
  it('escapes every value and has no page around it', () => {
    const html = renderChangeSetHtml(cs);
    expect(html.startsWith('<section class="ccf-diff" data-bump="major">')).toBe(true);
    expect(html).not.toMatch(/<script|<html|<body|<b>architecture/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<ins>');
  });
});

describe('crosswalk CSV', () => {
  it('is RFC 4180 with a header, null as an empty cell, formulas neutralised', () => {
    const csv = renderCrosswalkCsv(cs);
    const lines = csv.split('\r\n');
    // Format 1's columns first, where a reader of 2.0.0's crosswalk.csv finds them; format 2's after them.
    expect(lines[0]).toBe(
      'fromId,fromTitle,fromParent,toId,toTitle,toParent,nodeType,relation,skos,cardinality,caseAssociation,reason,' +
        'fromParentTitle,toParentTitle,share,shareBasis,partial,primary,occupations',
    );
    expect(lines).toContain(
      'food,Food Products & Processing,farm,food,"Food | Safety & ""Processing""",build,subcluster,moved,closeMatch,1:1,,,Agriculture & Food,Construction,1,lineage,false,true,',
    );
    expect(lines).toContain(`,,,energy,"'=HYPERLINK(""http://x"")",build,subcluster,new,,0:1,,,,Construction,,,false,false,`);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines).toHaveLength(cs.crosswalk.length + 2);
  });
});

describe('SSSOM', () => {
  it('the JSON mapping set is valid against the SSSOM schema (MappingSet)', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const s = schema('external/sssom.schema.json');
    ajv.addSchema(s, 'sssom');
    const validate = ajv.getSchema('sssom#/$defs/MappingSet')!;
    const set = toSssomMappingSet(cs);
    expect(validate(set), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...set, mappings: [{ subject_id: 'x' }] })).toBe(false);
    expect(set.mappings.find((m) => m.subject_id === 'ccf:design')).toMatchObject({
      object_id: 'sssom:NoTermFound',
      mapping_cardinality: '1:0',
    });
    expect(set.mappings.find((m) => m.object_id === 'ccf:energy')).toMatchObject({
      subject_id: 'sssom:NoTermFound',
      mapping_cardinality: '0:1',
    });
  });
  it('TSV: commented YAML metadata, a header, one line per row', () => {
    const tsv = renderCrosswalkSssom(cs).split('\n');
    expect(tsv[0]).toBe('#curie_map:');
    const header = tsv.findIndex((l) => !l.startsWith('#'));
    expect(tsv[header]).toBe(
      'subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tmapping_cardinality\tcomment',
    );
    expect(tsv.slice(header + 1).filter(Boolean)).toHaveLength(cs.crosswalk.length);
    expect(tsv).toContain(
      'ccf:food\tFood Products & Processing\tskos:closeMatch\tccf:food\t"Food | Safety & ""Processing"""\tsemapv:ManualMappingCuration\t1:1\tsubcluster moved',
    );
  });
});
