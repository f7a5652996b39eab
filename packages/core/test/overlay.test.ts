import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allSubclusters, type Diagnostic, type SubclusterNode } from '../src/index.js';
import { loadFramework, loadOverlay, openSource } from '../src/node.js';

/** The repository: `@1.0.0` is its committed release 1.0.0 (read, never written). */
const repoRoot = new URL('../../../', import.meta.url).pathname;

const FRAMEWORK = `---
id: xs-career-clusters
title: Example State Career Clusters (fictional)
version: "1.0.0"
extends: "@1.0.0"
state:
  code: XS
  name: Example State
  pseudoCip: "^\\\\d{2}\\\\.88\\\\d{2}$"
  regions:
    - { code: NW, title: Northwest }
---
`;

/** A small valid overlay: a rename + re-parent, a state cluster, a hide, a program of study. */
const VALID: Record<string, string> = {
  'framework.md': FRAMEWORK,
  'nodes/banking.md': '---\nid: banking-services\ntitle: Banking & Finance\nparent: xs-business\ncodes: { state: "06.02" }\n---\n',
  'nodes/xs-business.md':
    '---\nid: xs-business\nkind: cluster\ntitle: Business & Finance\norder: 20\nderivedFrom: [finance]\n---\nThe state’s business cluster.\n',
  'nodes/hidden/insurance.md': '---\nid: insurance\nhidden: { reason: Taught within Banking & Finance }\n---\n',
  'programs/accounting.md':
    '---\nid: xs-pos-accounting\ntitle: Accounting\nparent: accounting\ncip: ["52.0301", "52.8801"]\nscope: { regional: [NW] }\n---\n',
};

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccf-overlay-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, 'state', path)), { recursive: true });
    await writeFile(join(dir, 'state', path), text);
  }
  return join(dir, 'state');
}

const brief = (list: Diagnostic[]) => list.map((d) => ({ file: d.file, line: d.line, column: d.column, ruleId: d.ruleId }));

describe('loadOverlay', () => {
  it('resolves an overlay against its base with origin and baseVersion on every node', async () => {
    const { framework, diagnostics } = await loadOverlay(await folder(VALID), { repoRoot });
    expect(diagnostics).toEqual([]);
    expect(framework.meta.id).toBe('xs-career-clusters');
    expect(framework.overlay?.base).toMatchObject({ id: expect.any(String), version: '1.0.0', label: '@1.0.0', kind: 'release' });
    const banking = framework.nodes.get('banking-services') as SubclusterNode;
    expect(banking).toMatchObject({ origin: 'modified', baseVersion: '1.0.0', title: 'Banking & Finance', parent: 'xs-business' });
    expect(banking.aliases).toContain('Banking Services');
    expect(banking.codes.state).toBe('06.02');
    expect(framework.nodes.get('xs-business')).toMatchObject({ origin: 'state', type: 'cluster', derivedFrom: ['finance'] });
    expect(framework.nodes.get('xs-business')!.baseVersion).toBeUndefined();
    expect(framework.nodes.get('accounting')).toMatchObject({ origin: 'national', baseVersion: '1.0.0', parent: 'finance' });
    expect(framework.nodes.has('insurance')).toBe(false);
    expect(framework.overlay?.hidden).toEqual([
      expect.objectContaining({ id: 'insurance', reason: 'Taught within Banking & Finance', file: 'nodes/hidden/insurance.md' }),
    ]);
    const accounting = framework.nodes.get('accounting') as SubclusterNode;
    expect(accounting.programs?.map((p) => [p.id, p.cip, p.scope])).toEqual([
      ['xs-pos-accounting', ['52.0301', '52.8801'], { regional: ['NW'] }],
    ]);
    // Every national node is there but the hidden one; every node has an origin.
    const base = await loadFramework(openSource('@1.0.0', { repoRoot }));
    expect(framework.nodes.size).toBe(base.framework.nodes.size - 1 + 1);
    for (const n of framework.nodes.values()) expect(n.origin).toMatch(/^(national|modified|state)$/);
    expect(framework.clusters.find((c) => c.id === 'xs-business')!.children.map((s) => s.id)).toEqual(['banking-services']);
  });

  it('reads an overlay folder through openSource, as diff and serve do', async () => {
    const dir = await folder(VALID);
    const { framework } = await loadFramework(openSource(dir, { repoRoot }));
    expect(framework.overlay?.state.code).toBe('XS');
    expect(allSubclusters(framework).some((s) => s.id === 'banking-services' && s.parent === 'xs-business')).toBe(true);
  });

  it('extends a published release folder by path, checked against its manifest', async () => {
    const dir = await folder({ ...VALID, 'framework.md': FRAMEWORK.replace('"@1.0.0"', '../national/1.0.0') });
    await cp(join(repoRoot, 'releases/1.0.0'), join(dir, '../national/1.0.0'), { recursive: true });
    const ok = await loadOverlay(dir, { repoRoot });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.framework.overlay?.base).toMatchObject({ version: '1.0.0', kind: 'release' });
    const file = join(dir, '../national/1.0.0/framework.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Banking Services', 'Banking Servicez'));
    const bad = await loadOverlay(dir, { repoRoot });
    expect(brief(bad.diagnostics)).toEqual([{ file: 'framework.md', line: 5, column: 10, ruleId: 'overlay-base' }]);
  });

  it('extends a git ref and content folder', async () => {
    const dir = await folder({ ...VALID, 'framework.md': FRAMEWORK.replace('"@1.0.0"', 'no-such-ref-xyz:content') });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([{ file: 'framework.md', line: 5, column: 10, ruleId: 'overlay-base' }]);
  });
});

describe('loadOverlay: bad input is a positioned diagnostic', () => {
  it('extends a version that does not exist', async () => {
    const dir = await folder({ ...VALID, 'framework.md': FRAMEWORK.replace('"@1.0.0"', '"@9.9.9"') });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([{ file: 'framework.md', line: 5, column: 10, ruleId: 'overlay-base' }]);
    expect(diagnostics[0]!.message).toContain('@9.9.9');
  });

  it('names a node its base lacks (id, parent, derivedFrom, program parent)', async () => {
    const dir = await folder({
      ...VALID,
      'nodes/typo.md': '---\nid: banking-service\ntitle: X\n---\n',
      'nodes/move.md': '---\nid: accounting\nparent: no-such-cluster\n---\n',
      'nodes/xs-other.md': '---\nid: xs-other\nkind: cluster\ntitle: Other\nderivedFrom: [finanse]\n---\n',
      'programs/orphan.md': '---\nid: xs-pos-orphan\ntitle: Orphan\nparent: nowhere\ncip: ["52.0301"]\n---\n',
    });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([
      { file: 'nodes/move.md', line: 3, column: 9, ruleId: 'overlay-unknown-node' },
      { file: 'nodes/typo.md', line: 2, column: 5, ruleId: 'overlay-unknown-node' },
      { file: 'nodes/xs-other.md', line: 5, column: 15, ruleId: 'overlay-unknown-node' },
      { file: 'programs/orphan.md', line: 4, column: 9, ruleId: 'overlay-unknown-node' },
    ]);
    expect(diagnostics.find((d) => d.file === 'nodes/typo.md')!.note).toContain('banking-services');
  });

  it('hides a node twice, or hides and renames it', async () => {
    const dir = await folder({
      ...VALID,
      'nodes/zz-insurance.md': '---\nid: insurance\nhidden: { reason: again }\n---\n',
      'nodes/plant.md': '---\nid: plant-systems\nhidden: { reason: none here }\ntitle: Plants\n---\n',
    });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([
      { file: 'nodes/plant.md', line: 4, column: 1, ruleId: 'overlay-conflict' },
      { file: 'nodes/zz-insurance.md', line: 2, column: 5, ruleId: 'overlay-conflict' },
    ]);
    expect(diagnostics[1]!.related?.[0]).toMatchObject({ file: 'nodes/hidden/insurance.md', line: 2 });
  });

  it('forms a cycle through re-parenting', async () => {
    const dir = await folder({
      ...VALID,
      'nodes/xs-a.md': '---\nid: xs-a\nkind: subcluster\ntitle: A\nparent: xs-b\n---\n',
      'nodes/xs-b.md': '---\nid: xs-b\nkind: subcluster\ntitle: B\nparent: xs-a\n---\n',
    });
    const { diagnostics, framework } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([
      { file: 'nodes/xs-a.md', line: 5, column: 1, ruleId: 'overlay-parent' },
      { file: 'nodes/xs-b.md', line: 5, column: 1, ruleId: 'overlay-parent' },
    ]);
    expect(diagnostics[0]!.message).toContain('xs-a → xs-b → xs-a');
    expect(framework.nodes.has('xs-a')).toBe(false);
  });

  it('hides a cluster whose sub-clusters stay visible', async () => {
    const dir = await folder({ ...VALID, 'nodes/marketing.md': '---\nid: marketing\nhidden: { reason: merged }\n---\n' });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([{ file: 'nodes/marketing.md', line: 3, column: 1, ruleId: 'overlay-parent' }]);
    expect(diagnostics[0]!.message).toContain('`professional-sales`');
  });

  it('checks state ids, codes and regions', async () => {
    const dir = await folder({
      ...VALID,
      'nodes/xs-nokind.md': '---\nid: xs-nokind\ntitle: No kind\n---\n',
      'programs/bad.md': '---\nid: pos-bad\ntitle: Bad\nparent: accounting\ncip: ["52.0301"]\n---\n',
      'programs/codes.md':
        '---\nid: xs-pos-codes\ntitle: Codes\nparent: accounting\ncip: ["01.9876", "268888", "52.8801"]\nscope: { regional: [SE] }\n---\n',
    });
    const { diagnostics } = await loadOverlay(dir, { repoRoot });
    expect(brief(diagnostics)).toEqual([
      { file: 'nodes/xs-nokind.md', line: 2, column: 1, ruleId: 'overlay-state-node' },
      { file: 'programs/bad.md', line: 2, column: 5, ruleId: 'overlay-namespace' },
      { file: 'programs/codes.md', line: 5, column: 7, ruleId: 'overlay-code' },
      { file: 'programs/codes.md', line: 5, column: 18, ruleId: 'overlay-code' },
      { file: 'programs/codes.md', line: 6, column: 21, ruleId: 'overlay-code' },
    ]);
  });
});
