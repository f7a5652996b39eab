import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directorySource, loadFramework, openSource, releaseSource, sha256 } from '@ccf/core/node';
import { buildRelease, writeRelease } from '@ccf/publish';
import { lint } from '@ccf/lint';
import { describe, expect, it } from 'vitest';
import { expect2002 } from './edition-2002.js';
import { expect2024 } from './edition-2024.js';
import { repoRoot } from './facts.js';
import { expectStewardLinks } from './steward-links.js';

describe('content/ (the framework on this branch)', async () => {
  const load = await loadFramework(directorySource(`${repoRoot}content`));
  const against = await loadFramework(openSource('@1.0.0', { repoRoot }));

  it('lints with no errors, lineage checked against release 1.0.0', () => {
    expect(lint(load, { against }).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('is the complete 2024 edition', () => {
    expect2024(load.framework);
  });

  it("carries the steward's own SOC, CIP and NAICS links, recomputed from the facts", () => {
    expectStewardLinks(load.framework);
  });

  it("release 2.1.0, as committed, carries the steward's links", async () => {
    const released = await loadFramework(openSource('@2.1.0', { repoRoot }));
    expect(released.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectStewardLinks(released.framework);
  });

  it("publishes the steward's links: a release of content/ reads back with every link", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ccf-steward-links-'));
    try {
      const files = await buildRelease(load.framework, { toolVersion: '0.0.0', date: '2025-09-02T00:00:00Z' });
      await writeRelease(join(tmp, '9.9.9'), files, { overwrite: false });
      writeFileSync(
        join(tmp, 'index.json'),
        JSON.stringify({ releases: [{ version: '9.9.9', manifestSha256: sha256(files.get('manifest.json')!) }] }),
      );
      const published = await loadFramework(releaseSource(join(tmp, '9.9.9'), '@9.9.9'));
      expect(published.diagnostics).toEqual([]);
      expectStewardLinks(published.framework);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reuses no 2002 id', () => {
    const old = new Set(against.framework.nodes.keys());
    expect([...load.framework.nodes.keys()].filter((id) => old.has(id))).toEqual([]);
  });

  it('names the six groupings, each with its evidence; the weak names (03, 06) are UNCERTAIN', () => {
    const groupings = (load.framework.meta.groupings ?? []).map((g) => [g.code, g.title, g.provenance.status]);
    expect(groupings).toEqual([
      ['01', 'Building & Moving', 'SECONDARY'],
      ['02', 'Creating & Experiencing', 'SECONDARY'],
      ['03', 'Investing in the Future', 'UNCERTAIN'],
      ['04', 'Caring for Communities', 'SECONDARY'],
      ['05', 'Cultivating Resources', 'SECONDARY'],
      ['06', 'Connecting & Supporting Success', 'UNCERTAIN'],
    ]);
  });

  it('grades Energy & Natural Resources and its sub-clusters SECONDARY (no steward or state-agency source)', () => {
    const enr = load.framework.clusters.find((c) => c.id === 'energy-natural-resources')!;
    expect([enr, ...enr.children].map((n) => `${n.id} ${n.provenance.status}`)).toEqual(
      [enr, ...enr.children].map((n) => `${n.id} SECONDARY`),
    );
  });

  it("keeps the steward's Oxford-comma spellings as aliases, and says unmanned, not uncrewed, in text", () => {
    const aliases = [...load.framework.nodes.values()].flatMap((n) => n.aliases);
    for (const a of [
      'Arts, Entertainment, & Design',
      'Hospitality, Events, & Tourism',
      'Teaching, Training, & Facilitation',
      'Market Research, Analytics, & Ethics',
      'Local, State, & Federal Services',
    ])
      expect(aliases).toContain(a);
    for (const n of load.framework.nodes.values()) expect(n.definition, n.id).not.toMatch(/uncrewed/i);
  });

  it('has a definition for every node', () => {
    for (const node of load.framework.nodes.values()) expect(node.definition.length, node.id).toBeGreaterThan(100);
  });
});

describe('releases/', async () => {
  it('1.0.0 is the complete 2002 edition, readable as @1.0.0', async () => {
    expect2002((await loadFramework(openSource('@1.0.0', { repoRoot }))).framework);
  });

  it('2.0.0 is the complete 2024 edition, readable as @2.0.0', async () => {
    expect2024((await loadFramework(openSource('@2.1.0', { repoRoot }))).framework);
  });
});
