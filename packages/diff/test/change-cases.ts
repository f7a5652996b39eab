import { cluster, framework, sub } from './helpers.js';

/** A change rule's case. */
export interface Case {
  /** Edits to `base` (null deletes) that make exactly one change of this rule. */
  edit: Record<string, string | null>;
  /** The rule's message for it, as plain text. */
  message: string;
}

/** One case per change rule; the meta-test checks every rule has one. */
export const cases: Record<string, Case> = {
  'node-added': {
    edit: { 'content/clusters/build/energy.md': sub('energy', 'Energy Systems', 3) },
    message: 'New Career Pathway: Energy Systems (energy)',
  },
  'node-removed': {
    edit: { 'content/clusters/build/repair.md': null },
    message: 'Career Pathway removed with no successor: Maintenance & Operations (repair)',
  },
  'node-retired': {
    edit: {
      'content/clusters/build/repair.md': null,
      'content/framework.md': framework({ retired: [{ id: 'repair', reason: 'Folded into design.' }] }),
    },
    message: 'Career Pathway retired: Maintenance & Operations (repair) — Folded into design.',
  },
  'node-split': {
    edit: { 'content/clusters/farm/food-safety.md': sub('food-safety', 'Food Safety', 4, { derivedFrom: ['food'] }) },
    message: 'Food Products & Processing (food) is split into Food Products & Processing (food) 50% and Food Safety (food-safety) 50%',
  },
  'node-merged': {
    edit: {
      'content/clusters/farm/plants.md': null,
      'content/clusters/farm/animals.md': null,
      'content/clusters/farm/living.md': sub('living', 'Living Systems', 1, { derivedFrom: ['plants', 'animals'] }),
    },
    message: 'Plant Systems (plants) and Animal Systems (animals) are merged into Living Systems (living)',
  },
  'node-moved': {
    edit: {
      'content/clusters/farm/food.md': null,
      'content/clusters/build/food.md': sub('food', 'Food Products & Processing', 3),
    },
    message: 'Food Products & Processing (food) moved from Agriculture & Food to Construction',
  },
  'node-replaced': {
    edit: {
      'content/clusters/build/repair.md': null,
      'content/clusters/build/upkeep.md': sub('upkeep', 'Maintenance & Operations', 2, { derivedFrom: ['repair'] }),
    },
    message: 'Maintenance & Operations (repair) is replaced by Maintenance & Operations (upkeep) (new id)',
  },
  'node-renamed': {
    edit: { 'content/clusters/farm/food.md': sub('food', 'Food Science & Processing', 3) },
    message: 'Career Pathway renamed: Food Products & Processing → Food Science & Processing (food)',
  },
  'title-punctuation': {
    edit: { 'content/clusters/farm/food.md': sub('food', 'Food products and processing', 3) },
    message: 'Career Pathway renamed: Food Products & Processing → Food products and processing (food)',
  },
  'aliases-changed': {
    edit: { 'content/clusters/farm/food.md': sub('food', 'Food Products & Processing', 3, { aliases: ['Food Processing'] }) },
    message: 'Other spellings of Food Products & Processing (food) changed',
  },
  'definition-edited': {
    edit: {
      'content/clusters/farm/food.md': sub(
        'food',
        'Food Products & Processing',
        3,
        {},
        'Work in this pathway, from planning through delivery.',
      ),
    },
    message: 'Definition of Food Products & Processing (food) edited',
  },
  'definition-rescoped': {
    edit: { 'content/clusters/farm/food.md': sub('food', 'Food Products & Processing', 3, {}, 'Work from the lab to the shelf.') },
    message: 'Scope of Food Products & Processing (food) changed: its definition was rewritten',
  },
  'soc-changed': {
    edit: {
      'content/clusters/farm/plants.md': sub('plants', 'Plant Systems', 1, {
        soc: [{ code: '19-1031.00', title: 'Conservation Scientists' }],
      }),
    },
    message: 'Occupations (SOC) of Plant Systems (plants) changed',
  },
  'cip-changed': {
    edit: { 'content/clusters/farm/animals.md': sub('animals', 'Animal Systems', 2, { cip: [{ code: '01.0901' }, { code: '01.0902' }] }) },
    message: 'Programs (CIP) of Animal Systems (animals) changed',
  },
  'naics-changed': {
    edit: {
      'content/clusters/farm/animals.md': sub('animals', 'Animal Systems', 2, { cip: [{ code: '01.0901' }], naics: [{ code: '11' }] }),
    },
    message: 'Industries (NAICS) of Animal Systems (animals) changed',
  },
  'code-changed': {
    edit: { 'content/clusters/farm/index.md': cluster('farm', 'Agriculture & Food', 1, { codes: { onet: '1.0001' } }) },
    message: 'ONET code of Agriculture & Food (farm) changed',
  },
  'cross-cutting-changed': {
    edit: { 'content/clusters/build/index.md': cluster('build', 'Construction', 2, { crossCutting: true }) },
    message: 'Cross-cutting flag of Construction (build) changed',
  },
  'grouping-changed': {
    edit: { 'content/clusters/build/index.md': cluster('build', 'Construction', 2, { grouping: 'grouping-02' }) },
    message: 'Grouping of Construction (build) changed',
  },
  'order-changed': {
    edit: { 'content/clusters/farm/food.md': sub('food', 'Food Products & Processing', 4) },
    message: 'Position of Food Products & Processing (food) changed',
  },
};
