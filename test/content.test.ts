import { directorySource, loadFramework, openSource } from '@ccf/core/node';
import { lint } from '@ccf/lint';
import { describe, expect, it } from 'vitest';
import { expect2002 } from './edition-2002.js';
import { expect2024 } from './edition-2024.js';
import { repoRoot } from './facts.js';

describe('content/ (the framework on this branch)', async () => {
  const load = await loadFramework(directorySource(`${repoRoot}content`));
  const against = await loadFramework(openSource('@1.0.0', { repoRoot }));

  it('lints with no errors, lineage checked against release 1.0.0', () => {
    expect(lint(load, { against }).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('is the complete 2024 edition', () => {
    expect2024(load.framework);
  });

  it('reuses no 2002 id', () => {
    const old = new Set(against.framework.nodes.keys());
    expect([...load.framework.nodes.keys()].filter((id) => old.has(id))).toEqual([]);
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
    expect2024((await loadFramework(openSource('@2.0.0', { repoRoot }))).framework);
  });
});
