import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  renderChangeSetHtml,
  renderChangeSetMarkdown,
  renderWorklistCsv,
  toWorklist,
  type ChangeSet,
  type CrosswalkRow,
} from '../src/index.js';
import { diffCommits } from './helpers.js';

// A copy of the real 2024 content, edited the way a next release might be: a partial merge, a split with
// occupations, a scope rewrite, an editorial rewrite, an editor's override and a new node. Checked end to end:
// crosswalk rows, the worklist and the report a state reads.
const repo = fileURLToPath(new URL('../../../', import.meta.url));

function contentFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out[relative(repo, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(repo, 'content'));
  return out;
}

type Front = Record<string, unknown> & { soc?: { code: string; title?: string }[]; derivedFrom?: string[] };
const split = (text: string): [Front, string] => {
  const [, fm, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
  return [parse(fm!) as Front, body!];
};
const join2 = (fm: Front, body: string): string => `---\n${stringify(fm)}---\n${body}`;

const files = contentFiles();
const path = (cluster: string, id: string): string => `content/clusters/${cluster}/${id}.md`;
const read = (cluster: string, id: string): [Front, string] => split(files[path(cluster, id)]!);

let cs: ChangeSet;
let titles: Map<string, string>;
beforeAll(async () => {
  const edits: Record<string, string | null> = {};
  // Partial merge: Physical Health and Behavioral & Mental Health become Clinical Care; ten of Physical Health's
  // occupations go to Health Data & Administration instead.
  const [ph] = read('healthcare-human-services', 'physical-health');
  const [bmh] = read('healthcare-human-services', 'behavioral-mental-health');
  const [hda, hdaBody] = read('healthcare-human-services', 'health-data-administration');
  const moving = ph.soc!.slice(-10);
  edits[path('healthcare-human-services', 'physical-health')] = null;
  edits[path('healthcare-human-services', 'behavioral-mental-health')] = null;
  edits[path('healthcare-human-services', 'clinical-care')] = join2(
    {
      id: 'clinical-care',
      title: 'Clinical Care',
      order: 2,
      provenance: { status: 'INFERRED', note: 'Continues Physical Health and Behavioral & Mental Health.' },
      changeNote: 'Brings body and mind care together; health records work moves to Health Data & Administration.',
      derivedFrom: ['physical-health', 'behavioral-mental-health'],
      soc: [...ph.soc!.slice(0, -10), ...bmh.soc!],
    },
    '\nCare for patients in body and mind, from diagnosis and therapy to counseling.\n',
  );
  edits[path('healthcare-human-services', 'health-data-administration')] = join2(
    { ...hda, derivedFrom: [...(hda.derivedFrom ?? []), 'physical-health'], soc: [...hda.soc!, ...moving] },
    hdaBody,
  );
  // Split with occupations: Ground & Rail Transportation becomes Road and Rail.
  const [grt] = read('supply-chain-transportation', 'ground-rail-transportation');
  const road = grt.soc!.filter((s) => !s.code.startsWith('53-4'));
  const rail = grt.soc!.filter((s) => s.code.startsWith('53-4'));
  edits[path('supply-chain-transportation', 'ground-rail-transportation')] = null;
  for (const [id, title, order, soc] of [
    ['road-transportation', 'Road Transportation', 2, road],
    ['rail-transportation', 'Rail Transportation', 3, rail],
  ] as const)
    edits[path('supply-chain-transportation', id)] = join2(
      { id, title, order, provenance: { status: 'INFERRED' }, derivedFrom: ['ground-rail-transportation'], soc: [...soc] },
      `\nMoves people and goods by ${id.split('-')[0]}.\n`,
    );
  // Scope rewrite, editorial rewrite, the editor's override.
  const [robotics] = read('advanced-manufacturing', 'robotics');
  edits[path('advanced-manufacturing', 'robotics')] = join2(
    robotics,
    '\nOperates drones and uncrewed aircraft for farms, film crews and inspections of bridges and power lines.\n',
  );
  const [water, waterBody] = read('agriculture', 'water-systems');
  edits[path('agriculture', 'water-systems')] = join2(water, waterBody.replace('efficiently and sustainably', 'efficiently and with care'));
  const [utilities, utilitiesBody] = read('energy-natural-resources', 'utilities');
  edits[path('energy-natural-resources', 'utilities')] = join2(
    { ...utilities, changeSignificance: 'scope', changeNote: 'Now covers water and telecom utilities as well as power.' },
    utilitiesBody.replace(/\.\s*$/, ', across every kind of utility.\n'),
  );
  // A new node.
  edits[path('digital-technology', 'drone-operations')] = join2(
    {
      id: 'drone-operations',
      title: 'Drone Operations',
      order: 9,
      provenance: { status: 'INFERRED' },
      soc: [{ code: '53-2012.00', title: 'Commercial Pilots' }],
    },
    '\nPlans and flies uncrewed aircraft for inspection, mapping and delivery.\n',
  );
  cs = await diffCommits(edits, {}, files);
  titles = new Map([...ph.soc!, ...grt.soc!].filter((s) => s.title).map((s) => [s.code, s.title!]));
}, 240_000); // a hang guard: a whole diff of the real content, minutes on a loaded machine

const row = (from: string | null, to: string | null): CrosswalkRow => cs.crosswalk.find((r) => r.fromId === from && r.toId === to)!;
const brief = (r: CrosswalkRow): unknown[] => [r.relation, r.skos, r.share, r.shareBasis, r.partial, r.primary];

describe('a next release of the real content', () => {
  it('crosswalk: a partial merge reads merged, with its share, a truthful predicate and the editor note as reason', () => {
    expect(brief(row('physical-health', 'clinical-care'))).toEqual(['merged', 'relatedMatch', 0.8681, 'occupations', true, true]);
    expect(brief(row('physical-health', 'health-data-administration'))).toEqual([
      'split',
      'relatedMatch',
      0.1319,
      'occupations',
      true,
      false,
    ]);
    expect(row('physical-health', 'health-data-administration').occupations).toEqual(
      [...row('physical-health', 'health-data-administration').occupations].sort(),
    );
    // The ten moved, and one that Health Data & Administration already shared with Physical Health.
    expect(row('physical-health', 'health-data-administration').occupations).toHaveLength(12);
    expect(brief(row('behavioral-mental-health', 'clinical-care'))).toEqual(['merged', 'broadMatch', 1, 'occupations', false, true]);
    expect(row('behavioral-mental-health', 'clinical-care').reason).toBe(
      'Brings body and mind care together; health records work moves to Health Data & Administration.',
    );
    expect(row('physical-health', 'clinical-care')).toMatchObject({
      fromParentTitle: 'Healthcare & Human Services',
      toParentTitle: 'Healthcare & Human Services',
    });
  });

  it('crosswalk: a split gives each part its share and its occupations', () => {
    const road = row('ground-rail-transportation', 'road-transportation');
    const rail = row('ground-rail-transportation', 'rail-transportation');
    expect(brief(road)).toEqual(['split', 'narrowMatch', 0.7143, 'occupations', true, true]);
    expect(brief(rail)).toEqual(['split', 'narrowMatch', 0.2857, 'occupations', true, false]);
    expect(rail.occupations.every((c) => c.startsWith('53-4'))).toBe(true);
    expect(road.occupations).toContain('53-3032');
  });

  it('crosswalk: a scope rewrite is redefined/closeMatch, a wording edit stays unchanged, a new node is new', () => {
    expect(brief(row('robotics', 'robotics'))).toEqual(['redefined', 'closeMatch', 1, 'occupations', false, true]);
    expect(brief(row('water-systems', 'water-systems'))).toEqual(['unchanged', 'exactMatch', 1, 'occupations', false, true]);
    expect(brief(row('utilities', 'utilities'))).toEqual(['redefined', 'closeMatch', 1, 'occupations', false, true]);
    expect(row(null, 'drone-operations')).toMatchObject({ relation: 'new', share: null, partial: false, primary: false });
    const changes = cs.changes.filter((c) => c.kind === 'redefined').map((c) => [c.toIds[0], c.rule, c.severity, c.significanceSource]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['robotics', 'definition-rescoped', 'notable', 'similarity'],
        ['water-systems', 'definition-edited', 'editorial', 'similarity'],
        ['utilities', 'definition-rescoped', 'notable', 'editor'],
      ]),
    );
  });

  it('worklist: one row per old node, what to do, the occupations of each part', () => {
    const list = toWorklist(cs, { occupationTitles: titles });
    const by = (id: string) => list.find((r) => r.fromId === id)!;
    expect(by('physical-health')).toMatchObject({ relation: 'merged (partial)', action: 'choose-part', newId: '' });
    expect(by('physical-health').successors).toEqual([
      'Clinical Care (clinical-care) 87%',
      'Health Data & Administration (health-data-administration) 13%',
    ]);
    expect(by('behavioral-mental-health')).toMatchObject({ relation: 'merged', action: 'remap', newId: 'clinical-care' });
    expect(by('ground-rail-transportation').parts).toEqual([
      expect.stringMatching(/^Road Transportation \(road-transportation\) 71%, primary: .*53-3032 Heavy and Tractor-Trailer Truck Drivers/),
      expect.stringMatching(/^Rail Transportation \(rail-transportation\) 29%: 53-4011 Locomotive Engineers; /),
    ]);
    expect(by('robotics')).toMatchObject({ action: 'review-definition' });
    expect(by('water-systems')).toMatchObject({ action: 'none', relation: 'unchanged' });
    expect(list.some((r) => r.fromId === 'drone-operations')).toBe(false);
    const csv = renderWorklistCsv(list);
    expect(csv.split('\r\n')[0]).toBe('level,fromId,fromTitle,fromParentTitle,relation,action,todo,successors,newId,parts,reason,decision');
    expect(csv).toContain('Sub-Cluster,water-systems,Water Systems,Agriculture,unchanged,none,');
  });

  it('report: each relationship once, in words, with the new nodes shown', () => {
    const md = renderChangeSetMarkdown(cs);
    expect(md).toContain(
      '- **Behavioral & Mental Health** (`behavioral-mental-health`) and **Physical Health** (`physical-health`) (87%; the rest to **Health Data & Administration** (`health-data-administration`)) are merged into **Clinical Care** (`clinical-care`)',
    );
    expect(md).not.toContain('**Physical Health** (`physical-health`) is split');
    expect(md).toContain(
      '- **Ground & Rail Transportation** (`ground-rail-transportation`) is split into **Road Transportation** (`road-transportation`) 71% and **Rail Transportation** (`rail-transportation`) 29%',
    );
    expect(md).toContain(
      '**Rail Transportation** (`rail-transportation`) — 29% of the old node\n\n  Moves people and goods by rail.\n\n  Occupations (6): 53-4011 Locomotive Engineers;',
    );
    expect(md).toContain('- Scope of **Robotics** (`robotics`) changed: its definition was rewritten');
    expect(md).toContain(
      '- Scope of **Utilities** (`utilities`) changed: its definition was rewritten (the editor says the scope changed)',
    );
    expect(md).toContain('- Definition of **Water Systems** (`water-systems`) edited');
    expect(md).toMatch(
      /- New Sub-Cluster: \*\*Drone Operations\*\* \(`drone-operations`\)\n\n {2}<details><summary>Definition and occupations<\/summary>\n\n {2}\*\*Drone Operations\*\*/,
    );
    expect(md).toContain('Occupations (1): 53-2012.00 Commercial Pilots.');
    expect(md).not.toContain('&amp;');
    // The preview shows the same, as HTML.
    expect(renderChangeSetHtml(cs)).toContain(
      '<h5>Rail Transportation <code>rail-transportation</code> — 29% of the old node</h5><p>Moves people and goods by rail.</p><ul class="ccf-occupations"><li>53-4011 Locomotive Engineers</li>',
    );
  });
});
