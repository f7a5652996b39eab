import type { Framework } from '@ccf/core';
import { gitSource, loadFramework } from '@ccf/core/node';
import { gitRepo } from '@ccf/core/testing';
import { diffFrameworks } from '../src/index.js';
import type { ChangeSet, DiffOptions } from '../src/index.js';

type Data = Record<string, unknown>;

/** A content file: frontmatter (JSON values are valid YAML) and a body. */
export function file(data: Data, body: string): string {
  const fm = Object.entries(data)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\n${fm}\n---\n\n${body}\n`;
}

export const framework = (extra: Data = {}): string =>
  file(
    {
      id: 'fw',
      title: 'Test Framework',
      version: '1.0.0',
      edition: '2002',
      publisher: 'test',
      license: 'CC-BY-4.0',
      attribution: 'test',
      terms: { cluster: 'Career Cluster', subcluster: 'Career Pathway' },
      ...extra,
    },
    'Intro.',
  );

const prov = { status: 'VERIFIED' };
export const cluster = (
  id: string,
  title: string,
  order: number,
  extra: Data = {},
  body = 'Careers that share a family of skills.',
): string => file({ id, title, order, provenance: prov, ...extra }, body);
export const sub = (
  id: string,
  title: string,
  order: number,
  extra: Data = {},
  body = 'Work in this pathway, from planning to delivery.',
): string => file({ id, title, order, provenance: prov, ...extra }, body);

/** Two clusters, five pathways: the version every case edits. */
export const base: Record<string, string> = {
  'content/framework.md': framework(),
  'content/clusters/farm/index.md': cluster('farm', 'Agriculture & Food', 1, { codes: { onet: '1.0000' } }),
  'content/clusters/farm/plants.md': sub('plants', 'Plant Systems', 1, {
    soc: [{ code: '19-1013.00', title: 'Soil and Plant Scientists' }],
  }),
  'content/clusters/farm/animals.md': sub('animals', 'Animal Systems', 2, { cip: [{ code: '01.0901' }] }),
  'content/clusters/farm/food.md': sub('food', 'Food Products & Processing', 3),
  'content/clusters/build/index.md': cluster('build', 'Construction', 2),
  'content/clusters/build/design.md': sub('design', 'Design & Pre-Construction', 1),
  'content/clusters/build/repair.md': sub('repair', 'Maintenance & Operations', 2),
};

/** Commits `base`, then `changes` (null deletes), and diffs HEAD~1 against HEAD read from git. */
export async function diffCommits(changes: Record<string, string | null>, options?: DiffOptions, start = base): Promise<ChangeSet> {
  const repo = await gitRepo(start);
  try {
    await repo.commit(changes);
    const load = async (ref: string): Promise<Framework> => {
      const r = await loadFramework(gitSource({ repo: repo.dir, ref, contentDir: 'content' }));
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) throw new Error(`${ref}: ${JSON.stringify(errors)}`);
      return r.framework;
    };
    return diffFrameworks(await load('HEAD~1'), await load('HEAD'), options);
  } finally {
    await repo.cleanup();
  }
}

/** The changes as compact strings, for readable assertions. */
export function summary(cs: ChangeSet): string[] {
  return cs.changes.map((c) => `${c.severity} ${c.kind}${c.field ? `(${c.field})` : ''} ${c.fromIds.join('+')}>${c.toIds.join('+')}`);
}

/** The crosswalk rows as compact strings. */
export function rows(cs: ChangeSet): string[] {
  return cs.crosswalk.map(
    (r) =>
      `${r.fromId ?? '-'}>${r.toId ?? '-'} ${r.relation} ${r.skos || '-'} ${r.cardinality}${r.caseAssociation ? ` ${r.caseAssociation}` : ''}`,
  );
}
