import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChangeRule } from '../src/index.js';
import { changeRules } from '../src/rules/index.js';
import { cases } from './change-cases.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const rulesDir = fileURLToPath(new URL('../src/rules/', import.meta.url));
const ids = changeRules.map((r) => r.id);
const schema = (name: string): Record<string, any> => JSON.parse(readFileSync(join(repo, 'schemas', name), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the change-rule registry', () => {
  it('has permanent kebab-case ids, each once, in order', () => {
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('registers every rule in src/rules/, one file per rule named by its id', async () => {
    const found: string[] = [];
    for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const mod = (await import(join(rulesDir, file))) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        const rule = value as Partial<ChangeRule>;
        if (typeof rule === 'object' && rule !== null && typeof rule.id === 'string' && typeof rule.matches === 'function') {
          expect(file, rule.id).toBe(`${rule.id}.ts`);
          found.push(rule.id);
        }
      }
    }
    expect(found.sort()).toEqual(ids);
  });

  it('has a docs page for every id (what, level, why, example, configure), and no page without a rule', () => {
    const pages = readdirSync(join(repo, 'docs/changes'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(ids);
    for (const rule of changeRules) {
      const text = readFileSync(join(repo, 'docs/changes', `${rule.id}.md`), 'utf8');
      expect(text.startsWith(`# ${rule.id}\n`), `docs/changes/${rule.id}.md starts with its id`).toBe(true);
      expect(text, rule.id).toContain(`- Default level: **${rule.level}**`);
      expect(text, rule.id).toContain(`- Kind: \`${rule.kind}\``);
      for (const heading of ['## Why', '## Example', '## Configure']) expect(text, `${rule.id}: ${heading}`).toContain(heading);
      expect(text, rule.id).toContain(`"${rule.id}": `);
      // The example is the rule's tested case: its message, word for word.
      expect(text, rule.id).toContain(`\`\`\`text\n${cases[rule.id]!.message}\n\`\`\``);
    }
  });

  it('has a test case for every id', () => {
    expect(Object.keys(cases).sort()).toEqual(ids);
  });

  it('is what schemas/ccf-config.schema.json lets a config re-level, each with its default', () => {
    const props = schema('ccf-config.schema.json').properties.changes.properties as Record<string, { description: string }>;
    expect(Object.keys(props).sort()).toEqual(ids);
    for (const rule of changeRules)
      expect(props[rule.id]!.description).toContain(`Default: ${rule.level}. Docs: docs/changes/${rule.id}.md`);
  });

  it('is what schemas/changeset.schema.json allows as a change `rule`', () => {
    expect(schema('changeset.schema.json').$defs.change.properties.rule.enum).toEqual(ids);
  });
});
