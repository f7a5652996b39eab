import { describe, expect, it } from 'vitest';
import { base, cluster, diffCommits, framework, rows, sub, summary } from './helpers.js';

/**
 * The shape of the 1.0.0 → 2.0.0 migration: every node gets a NEW id and points back with `derivedFrom`; the old
 * nodes are gone; framework.md lists `retired` for old nodes nobody continues.
 */
describe('an edition change (new ids, derivedFrom, retired)', () => {
  it('classifies replacements, merges, splits and moves from the shape of the lineage', async () => {
    const start = {
      ...base,
      'content/clusters/care/index.md': cluster('care', 'Human Services', 3),
      'content/clusters/care/childhood.md': sub('childhood', 'Early Childhood', 1),
      'content/clusters/care/elder.md': sub('elder', 'Elder Care', 2),
      'content/clusters/teach/index.md': cluster('teach', 'Education & Training', 4),
      'content/clusters/teach/teaching.md': sub('teaching', 'Teaching & Training', 1),
    };
    const gone = Object.fromEntries(
      Object.keys(start)
        .filter((p) => p !== 'content/framework.md')
        .map((p) => [p, null]),
    );
    const cs = await diffCommits(
      {
        ...gone,
        'content/framework.md': framework({
          version: '2.0.0',
          edition: '2024',
          retired: [{ id: 'repair', reason: 'Its occupations are spread across the new sub-clusters.' }],
        }),
        // farm + build merge into one new cluster; its sub-clusters continue theirs
        'content/clusters/land/index.md': cluster('land', 'Agriculture & Built Environment', 1, { derivedFrom: ['farm', 'build'] }),
        'content/clusters/land/crops.md': sub('crops', 'Plant Systems', 1, { derivedFrom: ['plants'] }),
        'content/clusters/land/livestock.md': sub('livestock', 'Animal Systems', 2, { derivedFrom: ['animals'] }),
        'content/clusters/land/food-science.md': sub('food-science', 'Food Science', 3, { derivedFrom: ['food'] }),
        'content/clusters/land/architecture.md': sub('architecture', 'Architecture', 4, { derivedFrom: ['design'] }),
        'content/clusters/land/engineering.md': sub('engineering', 'Engineering', 5, { derivedFrom: ['design'] }),
        // care is split into two new clusters; early childhood goes to education
        'content/clusters/wellness/index.md': cluster('wellness', 'Healthcare & Human Services', 2, { derivedFrom: ['care'] }),
        'content/clusters/wellness/aging.md': sub('aging', 'Elder Care', 1, { derivedFrom: ['elder'] }),
        'content/clusters/education/index.md': cluster('education', 'Education', 3, { derivedFrom: ['teach', 'care'] }),
        'content/clusters/education/early-learning.md': sub('early-learning', 'Early Childhood Education', 1, {
          derivedFrom: ['childhood'],
        }),
        'content/clusters/education/instruction.md': sub('instruction', 'Teaching', 2, { derivedFrom: ['teaching'] }),
      },
      {},
      start,
    );
    const s = summary(cs);
    // In framework order. Education continues all of teach and only half of care: a rename that takes in a part,
    // not a merge; care's halves are stated once, as its split.
    expect(s.filter((x) => x.startsWith('breaking') && !x.includes('renamed(id)'))).toEqual([
      'breaking merged farm+build>land',
      'breaking split design>architecture+engineering',
      'breaking split care>wellness+education',
      'breaking retired repair>',
    ]);
    expect(s).toContain('notable renamed(title) teach>education');
    // childhood's old cluster (care) is among education's predecessors: a continuation, not a move.
    expect(s.some((x) => x.includes('moved'))).toBe(false);
    expect(s).toContain('breaking renamed(id) plants>crops');
    expect(s).toContain('notable renamed(title) childhood>early-learning');
    expect(s).not.toContain('notable renamed(title) plants>crops');
    expect(cs.changes.find((c) => c.kind === 'retired')!.reason).toMatch(/spread across/);
    expect(rows(cs)).toEqual([
      'farm>land merged broadMatch n:1 replacedBy',
      'plants>crops id-changed exactMatch 1:1 replacedBy',
      'animals>livestock id-changed exactMatch 1:1 replacedBy',
      'food>food-science renamed exactMatch 1:1 replacedBy',
      'build>land merged broadMatch n:1 replacedBy',
      'design>architecture split narrowMatch 1:n replacedBy',
      'design>engineering split narrowMatch 1:n replacedBy',
      'repair>- retired - 1:0',
      'care>wellness split narrowMatch 1:n replacedBy',
      'care>education split relatedMatch n:n replacedBy',
      'childhood>early-learning renamed exactMatch 1:1 replacedBy',
      'elder>aging id-changed exactMatch 1:1 replacedBy',
      'teach>education renamed broadMatch n:1 replacedBy',
      'teaching>instruction renamed exactMatch 1:1 replacedBy',
    ]);
    expect(cs.bump).toBe('major');
    expect(cs.warnings).toEqual([]);
    expect(cs.to.terms).toEqual({ cluster: 'Career Cluster', subcluster: 'Career Pathway' });
  });

  it('a sub-cluster whose new cluster does not continue its old one is moved', async () => {
    const cs = await diffCommits({
      'content/clusters/farm/food.md': null,
      'content/clusters/kitchen/index.md': cluster('kitchen', 'Culinary', 3),
      'content/clusters/kitchen/cooking.md': sub('cooking', 'Cooking', 1, { derivedFrom: ['food'] }),
    });
    expect(summary(cs)).toEqual([
      'breaking moved(parent) food>cooking',
      'breaking renamed(id) food>cooking',
      'notable added >kitchen',
      'notable renamed(title) food>cooking',
    ]);
    expect(rows(cs)).toContain('food>cooking moved exactMatch 1:1 replacedBy');
  });
});
