import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gitRepo, type GitRepo } from '@ccf/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ccf } from './lint-helpers.js';

// `order-unique` names the file the editor touched (new or changed since HEAD, or since the `--against` ref), not
// the sibling that already held the number.
const base = new URL('../../../docs/rules/_base/2024/', import.meta.url).pathname;

function filesOf(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[`${prefix}/${relative(dir, abs)}`] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A sub-cluster of finance that sorts before `accounting.md` by path (so path order alone blames the wrong file) and takes its `order: 1`. */
const accident = `---
id: accident-insurance
title: Accident Insurance
order: 1
provenance:
  status: VERIFIED
---

Careers in insuring people against accidents and settling their claims.
`;
const NEW = 'content/clusters/finance/accident-insurance.md';
const OLD = 'content/clusters/finance/accounting.md';

let repo: GitRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const orderLines = (out: string): string[] => out.split('\n').filter((l) => l.endsWith('order-unique'));

describe('order-unique blames the new file', () => {
  it('reports on an untracked new file, naming the sibling that already used the number', async () => {
    repo = await gitRepo(filesOf(base, 'content'));
    writeFileSync(join(repo.dir, NEW), accident);
    const r = await ccf(repo.dir, ['lint', 'content']);
    expect(r.code).toBe(1);
    expect(orderLines(r.out)).toEqual([
      `${NEW}:4:8  error  Unexpected \`order: 1\`, already used by \`clusters/finance/accounting.md:4\`, expected each sibling to have its own position  order-unique`,
    ]);
  });

  it('reports on a committed file changed since the --against ref', async () => {
    repo = await gitRepo(filesOf(base, 'content'));
    repo.git(['tag', 'before']);
    await repo.commit({ [NEW]: accident }, 'add accident insurance');
    const r = await ccf(repo.dir, ['lint', 'content', '--against', 'before']);
    expect(orderLines(r.out).map((l) => l.split(':')[0])).toEqual([NEW]);
    // Against HEAD nothing is new: the choice falls back to path order (the later file), and says which it kept.
    const plain = await ccf(repo.dir, ['lint', 'content']);
    expect(orderLines(plain.out)).toEqual([
      `${OLD}:4:8  error  Unexpected \`order: 1\`, already used by \`clusters/finance/accident-insurance.md:4\`, expected each sibling to have its own position  order-unique`,
    ]);
  });

  it('blames the edited file when an existing sibling is renumbered into a clash', async () => {
    repo = await gitRepo(filesOf(base, 'content'));
    const path = join(repo.dir, OLD);
    writeFileSync(path, readFileSync(path, 'utf8').replace('order: 1', 'order: 2'));
    const r = await ccf(repo.dir, ['lint', 'content']);
    expect(orderLines(r.out)).toEqual([
      `${OLD}:4:8  error  Unexpected \`order: 2\`, already used by \`clusters/finance/insurance.md:4\`, expected each sibling to have its own position  order-unique`,
    ]);
  });
});
