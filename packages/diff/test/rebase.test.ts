import type { Framework } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { diffFrameworks, planRebase, REBASE_CONFLICTS, renderRebaseWorklistCsv, type RebaseInputFile } from '../src/index.js';
import { cluster, framework, sub } from './helpers.js';
import { versions } from './memory.js';

// A held-back overlay whose national base then changes in every way a rebase cannot decide alone (ADR 0021).
const base: Record<string, string> = {
  'content/framework.md': framework(),
  'content/clusters/farm/index.md': cluster('farm', 'Agriculture & Food', 1),
  'content/clusters/farm/plants.md': sub('plants', 'Plant Systems', 1),
  'content/clusters/farm/animals.md': sub('animals', 'Animal Systems', 2),
  'content/clusters/farm/food.md': sub('food', 'Food Products', 3),
  'content/clusters/farm/soil.md': sub('soil', 'Soil Systems', 4),
  'content/clusters/build/index.md': cluster('build', 'Construction', 2),
  'content/clusters/build/design.md': sub('design', 'Design', 1),
  'content/clusters/build/repair.md': sub('repair', 'Repair', 2),
  'content/clusters/build/tools.md': sub('tools', 'Tools', 3),
  'content/clusters/build/yard.md': sub('yard', 'Yard Work', 4),
  'content/clusters/town/index.md': cluster('town', 'Town Services', 3),
  'content/clusters/town/parks.md': sub('parks', 'Parks', 1),
  'content/clusters/sea/index.md': cluster('sea', 'Sea', 4),
  'content/clusters/sea/boats.md': sub('boats', 'Boats', 1),
  'content/clusters/sea/fish.md': sub('fish', 'Fisheries', 2),
};
const next: Record<string, string | null> = {
  'content/clusters/farm/plants.md': sub('plants', 'Plant Science', 1, {}, 'Growing crops for food, fiber and fuel, with new methods.'),
  'content/clusters/farm/animals.md': null,
  'content/clusters/farm/animal-care.md': sub('animal-care', 'Animal Care', 2, { derivedFrom: ['animals'] }),
  'content/clusters/farm/animal-science.md': sub('animal-science', 'Animal Science', 3, { derivedFrom: ['animals'] }),
  'content/clusters/farm/food.md': null,
  'content/clusters/farm/soil.md': null,
  'content/clusters/farm/soil-care.md': sub('soil-care', 'Soil Care', 4, { derivedFrom: ['soil'] }),
  'content/clusters/farm/soil-science.md': sub('soil-science', 'Soil Science', 5, { derivedFrom: ['soil'] }),
  'content/clusters/build/design.md': null,
  'content/clusters/build/repair.md': null,
  'content/clusters/build/building-services.md': sub('building-services', 'Building Services', 1, { derivedFrom: ['design', 'repair'] }),
  'content/clusters/build/tools.md': null,
  'content/clusters/build/yard.md': null,
  'content/clusters/build/workshop.md': sub('workshop', 'Workshop', 2, { derivedFrom: ['tools', 'yard'] }),
  'content/clusters/town/index.md': null,
  'content/clusters/town/parks.md': null,
  'content/clusters/build/parks.md': sub('parks', 'Parks', 3),
  'content/clusters/sea/index.md': null,
  'content/clusters/sea/boats.md': null,
  'content/clusters/sea/fish.md': null,
  'content/clusters/marine/index.md': cluster('marine', 'Marine', 4, { derivedFrom: ['sea'] }),
  'content/clusters/marine/boats.md': sub('boats', 'Boats', 1),
  'content/clusters/coast/index.md': cluster('coast', 'Coast', 5, { derivedFrom: ['sea'] }),
  'content/clusters/coast/fish.md': sub('fish', 'Fisheries', 1),
};

const node = (file: string, data: Record<string, unknown>, body = ''): RebaseInputFile => ({
  file,
  role: file.startsWith('programs/') ? 'program' : file === 'framework.md' ? 'framework' : 'node',
  data,
  body,
  places: { '/id': { line: 2, column: 1 } },
});
const overlay: RebaseInputFile[] = [
  node('framework.md', { id: 'xs-fw', extends: '@1.0.0', state: { code: 'XS' } }),
  node('nodes/plants.md', { id: 'plants', title: 'Crops' }, 'The state grows crops.'),
  node('nodes/animals.md', { id: 'animals', hidden: { reason: 'not offered' } }),
  node('nodes/soil.md', { id: 'soil', codes: { state: '01.04' } }),
  node('nodes/food.md', { id: 'food', codes: { state: '01.03' } }),
  node('nodes/design.md', { id: 'design', codes: { state: '02.01' } }),
  node('nodes/repair.md', { id: 'repair', codes: { state: '02.02' } }),
  node('nodes/tools.md', { id: 'tools', hidden: { reason: 'not offered' } }),
  node('nodes/parks.md', { id: 'parks', parent: 'farm' }),
  node('nodes/xs-plaza.md', { id: 'xs-plaza', kind: 'subcluster', title: 'Plaza', parent: 'town' }),
  node('nodes/xs-harbor.md', { id: 'xs-harbor', kind: 'subcluster', title: 'Harbor', parent: 'sea' }),
  node('programs/xs-pos-soil.md', { id: 'xs-pos-soil', title: 'Soil', parent: 'soil', cip: ['01.1201'] }),
  node('programs/xs-pos-food.md', { id: 'xs-pos-food', title: 'Food', parent: 'food', cip: ['01.1001'] }),
];

describe('planRebase', () => {
  it('lists a conflict of every kind, row by row, and applies nothing it cannot decide', async () => {
    const [from, to]: [Framework, Framework] = await versions(base, next);
    const plan = planRebase({ files: overlay, prefix: 'xs-', changes: diffFrameworks(from, to), from, to, extendsTo: '@2.0.0' });
    const csv = renderRebaseWorklistCsv(plan).split('\r\n');
    expect(csv[0]).toBe('kind,file,line,column,id,title,national,state,choices,parts,decision');
    // One row per decision, in file order; the CSV quotes cells, so compare its first five columns.
    expect(plan.conflicts.map((c) => [c.kind, c.file, c.id, c.national, c.state].join(' | '))).toEqual([
      'hidden-split | nodes/animals.md | animals | animals split into Animal Care (animal-care) 50%, Animal Science (animal-science) 50% | hidden',
      'merged-changes | nodes/design.md | design | design, repair merged into Building Services (building-services) | design (nodes/design.md) and repair (nodes/repair.md) change it',
      'changed-retired | nodes/food.md | food | food retired | changed codes',
      'moved-both | nodes/parks.md | parks | moved from town to build | moved to farm',
      'redefined-both | nodes/plants.md | plants | definition changed | state definition',
      'renamed-both | nodes/plants.md | plants | renamed "Plant Systems" → "Plant Science" | renamed "Plant Systems" → "Crops"',
      'merged-changes | nodes/repair.md | repair | design, repair merged into Building Services (building-services) | design (nodes/design.md) and repair (nodes/repair.md) change it',
      'changed-split | nodes/soil.md | soil | soil split into Soil Care (soil-care) 50%, Soil Science (soil-science) 50% | changed codes',
      'hidden-merged | nodes/tools.md | tools | tools → Workshop (workshop) 100% (merged), with yard (shown in the state) | hidden',
      'parent-split | nodes/xs-harbor.md | xs-harbor | sea split into Marine (marine) 50%, Coast (coast) 50% | state subcluster under sea',
      'parent-retired | nodes/xs-plaza.md | xs-plaza | town retired | state subcluster under town',
      'program-retired | programs/xs-pos-food.md | xs-pos-food | food retired | program under food',
      'program-split | programs/xs-pos-soil.md | xs-pos-soil | soil split into Soil Care (soil-care) 50%, Soil Science (soil-science) 50% | program under soil (CIP 01.1201)',
    ]);
    expect(csv.slice(1, -1).map((line) => line.split(',')[0])).toEqual(plan.conflicts.map((c) => c.kind));
    expect(new Set(plan.conflicts.map((c) => c.kind))).toEqual(new Set(REBASE_CONFLICTS));
    expect(plan.conflicts.find((c) => c.kind === 'program-split')!.choices).toEqual([
      'move it to Soil Care (soil-care)',
      'move it to Soil Science (soil-science)',
    ]);
    // What conflicts stays as written: only `extends` moves.
    expect(plan.edits).toEqual([
      { file: 'framework.md', op: 'set', key: 'extends', before: '@1.0.0', after: '@2.0.0', why: 'the national base moves to @2.0.0' },
    ]);
  });
});
