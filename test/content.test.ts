import { directorySource, loadFramework } from '@ccf/core';
import { lint } from '@ccf/lint';
import { describe, expect, it } from 'vitest';
import { expect2002 } from './edition-2002.js';
import { repoRoot } from './facts.js';

describe('content/ (the framework on this branch)', async () => {
  const load = await loadFramework(directorySource(`${repoRoot}content`));

  it('lints with no errors', () => {
    expect(lint(load).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('is the complete 2002 edition', () => {
    expect2002(load.framework);
  });

  it('has a definition for every node', () => {
    for (const node of load.framework.nodes.values()) expect(node.definition.length, node.id).toBeGreaterThan(100);
  });
});
