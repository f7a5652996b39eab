import { describe, expect, it } from 'vitest';
import { base, cluster, diffCommits, framework, rows, sub, summary } from './helpers.js';

const unchanged = (ids: string[]) => ids.map((id) => `${id}>${id} unchanged exactMatch 1:1`);

describe('no-ops', () => {
  it('identical versions: no change, bump none, every node unchanged in the crosswalk', async () => {
    const cs = await diffCommits({});
    expect(cs.changes).toEqual([]);
    expect(cs.bump).toBe('none');
    expect(rows(cs)).toEqual(unchanged(['farm', 'plants', 'animals', 'food', 'build', 'design', 'repair']));
    expect(Object.values(cs.summary.byKind).every((n) => n === 0)).toBe(true);
  });

  it('reordered keys, re-wrapped definitions, trailing spaces and quoting are no change', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/plants.md': `---\nsoc:\n  - title: Soil and Plant Scientists\n    code: 19-1013.00\nprovenance: { status: VERIFIED }\norder: 1\ntitle: 'Plant Systems'\nid: plants\n---\n\n\nWork in this pathway,\nfrom   planning to delivery.   \n\n`,
      'content/clusters/farm/index.md': `---\ncodes:\n  onet: '1.0000'\norder: 1\ntitle: Agriculture & Food\nid: farm\nprovenance:\n  status: VERIFIED\n---\nCareers that share a family\n  of skills.\n`,
    });
    expect(summary(cs)).toEqual([]);
    expect(cs.bump).toBe('none');
  });
});

describe('each kind', () => {
  it('added: notable, minor, a new row 0:1', async () => {
    const cs = await diffCommits({ 'content/clusters/build/energy.md': sub('energy', 'Energy Systems', 3) });
    expect(summary(cs)).toEqual(['notable added >energy']);
    expect(cs.bump).toBe('minor');
    expect(rows(cs).at(-1)).toBe('->energy new - 0:1');
    expect(cs.crosswalk.at(-1)).toMatchObject({
      fromId: null,
      fromTitle: null,
      fromParent: null,
      toParent: 'build',
      nodeType: 'subcluster',
    });
  });

  it('removed: breaking, major, a retired row 1:0', async () => {
    const cs = await diffCommits({ 'content/clusters/build/repair.md': null });
    expect(summary(cs)).toEqual(['breaking removed repair>']);
    expect(cs.bump).toBe('major');
    expect(rows(cs)).toContain('repair>- retired - 1:0');
    expect(cs.changes[0]).toMatchObject({ cluster: 'build', clusterTitle: 'Construction' });
  });

  it('retired through framework.md `retired`: breaking, with the reason', async () => {
    const cs = await diffCommits({
      'content/clusters/build/repair.md': null,
      'content/framework.md': framework({ retired: [{ id: 'repair', reason: 'Folded into the facilities sub-clusters.' }] }),
    });
    expect(summary(cs)).toEqual(['breaking retired repair>']);
    expect(cs.changes[0]!.reason).toBe('Folded into the facilities sub-clusters.');
    expect(cs.crosswalk.find((r) => r.fromId === 'repair')).toMatchObject({
      relation: 'retired',
      toId: null,
      reason: 'Folded into the facilities sub-clusters.',
    });
  });

  it('retired through `status: retired` on the node itself', async () => {
    const cs = await diffCommits({
      'content/clusters/build/repair.md': sub('repair', 'Maintenance & Operations', 2, {
        status: 'retired',
        retiredReason: 'No longer a separate pathway.',
      }),
    });
    expect(summary(cs)).toEqual(['breaking retired repair>']);
  });

  it('renamed: a new title is notable (minor); "&"→"and" and aliases are editorial (patch)', async () => {
    let cs = await diffCommits({ 'content/clusters/farm/food.md': sub('food', 'Food Science & Processing', 3) });
    expect(summary(cs)).toEqual(['notable renamed(title) food>food']);
    expect(cs.changes[0]).toMatchObject({ before: 'Food Products & Processing', after: 'Food Science & Processing' });
    expect(rows(cs)).toContain('food>food renamed exactMatch 1:1');
    expect(cs.bump).toBe('minor');
    cs = await diffCommits({ 'content/clusters/farm/food.md': sub('food', 'Food Products and Processing', 3, { aliases: ['FPP'] }) });
    expect(summary(cs)).toEqual(['editorial renamed(aliases) food>food', 'editorial renamed(title) food>food']);
    expect(cs.bump).toBe('patch');
  });

  it('redefined: editorial, with a word-level diff', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/food.md': sub('food', 'Food Products & Processing', 3, {}, 'Work in this pathway, from the lab to the shelf.'),
    });
    expect(summary(cs)).toEqual(['editorial redefined(definition) food>food']);
    expect(cs.bump).toBe('patch');
    // Six of the eight old words are kept (12 / 18): a wording edit, the same node.
    expect(cs.changes[0]).toMatchObject({
      rule: 'definition-edited',
      similarity: 0.6667,
      significance: 'wording',
      significanceSource: 'similarity',
    });
    expect(rows(cs)).toContain('food>food unchanged exactMatch 1:1');
    const parts = cs.changes[0]!.wordDiff!;
    expect(parts.filter((p) => p.op === 'delete').map((p) => p.text.trim())).toEqual(['planning', 'delivery']);
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text.trim())).toEqual(['the lab', 'the shelf']);
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe('Work in this pathway, from planning to delivery.');
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe('Work in this pathway, from the lab to the shelf.');
  });

  it('moved: breaking; the row says moved with both parents', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/food.md': null,
      'content/clusters/build/food.md': sub('food', 'Food Products & Processing', 3),
    });
    expect(summary(cs)).toEqual(['breaking moved(parent) food>food']);
    expect(cs.crosswalk.find((r) => r.fromId === 'food')).toMatchObject({
      fromParent: 'farm',
      toParent: 'build',
      relation: 'moved',
      skos: 'exactMatch',
    });
    expect(cs.changes[0]).toMatchObject({ before: 'farm', after: 'build', cluster: 'build' });
  });

  it('merged: two pathways from two clusters into one new node', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/food.md': null,
      'content/clusters/build/design.md': null,
      'content/clusters/build/food-design.md': sub('food-design', 'Food Plant Design', 1, { derivedFrom: ['food', 'design'] }),
    });
    expect(summary(cs)).toEqual(['breaking merged food+design>food-design']);
    expect(rows(cs)).toEqual([
      ...unchanged(['farm', 'plants', 'animals']),
      'food>food-design merged broadMatch n:1 replacedBy',
      ...unchanged(['build']),
      'design>food-design merged broadMatch n:1 replacedBy',
      ...unchanged(['repair']),
    ]);
  });

  it('split: one old node continued by several; the part that keeps the id and is renamed says so', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/plants.md': sub('plants', 'Crop Systems', 1, {
        soc: [{ code: '19-1013.00', title: 'Soil and Plant Scientists' }],
      }),
      'content/clusters/farm/forestry.md': sub('forestry', 'Forestry', 4, { derivedFrom: ['plants'] }),
    });
    expect(summary(cs)).toEqual(['breaking split plants>plants+forestry', 'notable renamed(title) plants>plants']);
    expect(rows(cs).slice(1, 3)).toEqual(['plants>plants split narrowMatch 1:n', 'plants>forestry split narrowMatch 1:n replacedBy']);
    expect(cs.bump).toBe('major');
  });

  it('field-changed: soc, cip, codes as members added and removed; order is editorial', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/plants.md': sub('plants', 'Plant Systems', 1, {
        soc: [{ code: '19-1031.00', title: 'Conservation Scientists' }],
        cip: [{ code: '01.1101' }],
      }),
      'content/clusters/farm/index.md': cluster('farm', 'Agriculture & Food', 1, { codes: { onet: '01.0000' }, crossCutting: true }),
      'content/clusters/build/repair.md': sub('repair', 'Maintenance & Operations', 5),
    });
    expect(summary(cs)).toEqual([
      'notable field-changed(codes.onet) farm>farm',
      'notable field-changed(crossCutting) farm>farm',
      'notable field-changed(cip) plants>plants',
      'notable field-changed(soc) plants>plants',
      'editorial field-changed(order) repair>repair',
    ]);
    const soc = cs.changes.find((c) => c.field === 'soc')!;
    expect(soc.added).toEqual([{ code: '19-1031.00', title: 'Conservation Scientists' }]);
    expect(soc.removed).toEqual([{ code: '19-1013.00', title: 'Soil and Plant Scientists' }]);
    expect(cs.changes.find((c) => c.field === 'cip')).toMatchObject({ added: [{ code: '01.1101' }], removed: [] });
    expect(cs.bump).toBe('minor');
  });

  it('a node replaced by one with a new id: breaking (the id is gone), CASE replacedBy', async () => {
    const cs = await diffCommits({
      'content/clusters/build/repair.md': null,
      'content/clusters/build/facilities.md': sub('facilities', 'Facilities & Maintenance', 2, { derivedFrom: ['repair'] }),
    });
    expect(summary(cs)).toEqual(['breaking renamed(id) repair>facilities', 'notable renamed(title) repair>facilities']);
    expect(rows(cs)).toContain('repair>facilities renamed exactMatch 1:1 replacedBy');
  });
});

describe('combinations', () => {
  it('rename + move of the same node', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/food.md': null,
      'content/clusters/build/food.md': sub('food', 'Food Facilities', 3),
    });
    expect(summary(cs)).toEqual(['breaking moved(parent) food>food', 'notable renamed(title) food>food']);
    expect(rows(cs)).toContain('food>food moved exactMatch 1:1');
  });

  it('merge of two clusters: their pathways follow without being "moved"', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/index.md': null,
      'content/clusters/farm/plants.md': null,
      'content/clusters/farm/animals.md': null,
      'content/clusters/farm/food.md': null,
      'content/clusters/build/index.md': cluster('build', 'Agriculture, Food & Construction', 1, { derivedFrom: ['farm'] }),
      'content/clusters/build/plants.md': sub('plants', 'Plant Systems', 3, {
        soc: [{ code: '19-1013.00', title: 'Soil and Plant Scientists' }],
      }),
      'content/clusters/build/animals.md': sub('animals', 'Animal Systems', 4, { cip: [{ code: '01.0901' }] }),
      'content/clusters/build/food.md': sub('food', 'Food Products & Processing', 5),
    });
    expect(summary(cs).filter((s) => !s.includes('(order)'))).toEqual([
      'breaking merged farm+build>build',
      'notable renamed(title) build>build',
    ]);
    expect(cs.changes.some((c) => c.kind === 'moved')).toBe(false);
    expect(rows(cs).slice(0, 2)).toEqual(['farm>build merged broadMatch n:1 replacedBy', 'plants>plants unchanged exactMatch 1:1']);
  });

  it('a split whose parts merge with other nodes is n:n (relatedMatch)', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/plants.md': null,
      'content/clusters/farm/animals.md': null,
      'content/clusters/farm/crops.md': sub('crops', 'Crops & Livestock', 1, { derivedFrom: ['plants', 'animals'] }),
      'content/clusters/farm/forests.md': sub('forests', 'Forests', 2, { derivedFrom: ['plants'] }),
    });
    // Half of plants is not most of it: crops continues animals whole and takes in a part of plants.
    expect(summary(cs).filter((x) => x.startsWith('breaking'))).toEqual([
      'breaking split plants>crops+forests',
      'breaking renamed(id) animals>crops',
    ]);
    expect(rows(cs).slice(1, 4)).toEqual([
      'plants>crops split relatedMatch n:n replacedBy',
      'plants>forests split narrowMatch 1:n replacedBy',
      'animals>crops renamed broadMatch n:1 replacedBy',
    ]);
    expect(cs.crosswalk.filter((r) => r.fromId === 'plants').map((r) => [r.toId, r.share, r.shareBasis, r.partial, r.primary])).toEqual([
      ['crops', 0.5, 'lineage', true, true],
      ['forests', 0.5, 'lineage', true, false],
    ]);
  });

  it('lineage already stated in the old version is history, not a new split', async () => {
    const start = { ...base, 'content/clusters/farm/forestry.md': sub('forestry', 'Forestry', 4, { derivedFrom: ['plants'] }) };
    const cs = await diffCommits(
      { 'content/clusters/farm/forestry.md': sub('forestry', 'Forestry', 4, { derivedFrom: ['plants'] }, 'New words.') },
      {},
      start,
    );
    expect(summary(cs)).toEqual(['notable redefined(definition) forestry>forestry']);
  });
});

describe('warnings are hints, never decisions', () => {
  it('a removed and an added node with similar titles: possible rename', async () => {
    const cs = await diffCommits({
      'content/clusters/build/repair.md': null,
      'content/clusters/build/repairs.md': sub('repairs', 'Maintenance and Operations', 2),
    });
    expect(summary(cs)).toEqual(['breaking removed repair>', 'notable added >repairs']);
    expect(cs.warnings).toEqual([
      expect.objectContaining({
        file: 'clusters/build/repairs.md',
        ruleId: 'possible-rename',
        severity: 'warning',
        note: expect.stringContaining('derivedFrom: [repair]'),
      }),
    ]);
  });

  it('derivedFrom naming an id that is in neither version', async () => {
    const cs = await diffCommits({ 'content/clusters/build/energy.md': sub('energy', 'Energy', 3, { derivedFrom: ['no-such-node'] }) });
    expect(summary(cs)).toEqual(['notable added >energy']);
    expect(cs.warnings.map((w) => w.ruleId)).toEqual(['derived-from-unknown']);
  });
});
