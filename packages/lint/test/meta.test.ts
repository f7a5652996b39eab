import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mistakes } from '@ccf/core';
import { readSchema } from '@ccf/core/node';
import { describe, expect, it } from 'vitest';
import { coreRules, rules } from '../src/index.js';
import { cases, listingCases } from './cases.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const ids = [...coreRules.map((r) => r.id), ...rules.map((r) => r.id)].sort();

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the rule catalog', () => {
  it('has permanent kebab-case ids, each once', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('lists exactly the ids @ccf/core reports', () => {
    const used = new Set<string>();
    // A rule id is given as `ruleId: 'x'`, or as the argument after the range: `diag(range, 'x', …)`, often on its own line.
    const pattern = /ruleId:\s*'([a-z][a-z-]*)'|(?:diag|warn|make)\([^'`;\n]*?,\s*'([a-z][a-z-]*)'|^\s*'([a-z][a-z-]*)',?$/gm;
    for (const file of walk(join(repo, 'packages/core/src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(pattern)) used.add((m[1] ?? m[2] ?? m[3])!);
    }
    // The mistake catalogue's ids (`non-breaking-space`, …) name what an editor did, not a rule: each is reported
    // under its rule (`yaml-syntax`, …), so they are not rule ids unless a rule has the same name.
    const ruleIds = new Set(coreRules.map((r) => r.id));
    for (const m of mistakes) if (!ruleIds.has(m.id)) used.delete(m.id);
    expect([...used].sort()).toEqual([...ruleIds].sort());
  });

  it('has a docs page for every id, and no page without a rule', () => {
    const pages = readdirSync(join(repo, 'docs/rules'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(ids);
    for (const id of ids) {
      const text = readFileSync(join(repo, 'docs/rules', `${id}.md`), 'utf8');
      expect(text.startsWith(`# ${id}\n`), `docs/rules/${id}.md starts with its id`).toBe(true);
      expect(text).toMatch(/## How to fix/);
    }
  });

  it('has a test case for every id', () => {
    expect([...Object.keys(cases), ...listingCases].sort()).toEqual(ids);
  });

  it('is what schemas/ccf-config.schema.json lets a config re-level', () => {
    const schema = readSchema('ccf-config.schema.json') as { properties: { rules: { properties: Record<string, unknown> } } };
    // Each id, and each earlier id a rule still answers to.
    const aliases = rules.flatMap((r) => r.aliases ?? []);
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual([...ids, ...aliases].sort());
  });
});
