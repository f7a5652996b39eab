/**
 * The example on each docs/rules/<id>.md page is what `ccf lint` really prints for the files the page shows, laid
 * over a base in docs/rules/_base/ (how a page is read and built: ./docs-examples.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bases, cleanup, docs, parseExample, runCommand, runExample, temps } from './docs-examples.js';

/**
 * Rules whose example cannot be built, each with the reason. Empty today: every rule has a checked example.
 * A rule listed here must not have one (so the list cannot go stale).
 */
const exempt: Record<string, string> = {};

afterAll(cleanup);

const pages = readdirSync(docs)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();

const read = (id: string): string => readFileSync(join(docs, `${id}.md`), 'utf8');

/** What is wrong with a page's example: its output differs from what ccf prints, or does not show the page's rule. */
async function problems(id: string, page: string): Promise<string[]> {
  const example = parseExample(page);
  const { actual, stderr, code } = await runExample(example);
  const found: string[] = [];
  // 0 or 1 is a finished lint run; 2 would be a usage error, which is not what a page means to show.
  if (code !== 0 && code !== 1) found.push(`docs/rules/${id}.md: \`ccf ${example.argv.join(' ')}\` exited with ${code}`);
  if (actual.join('\n') !== example.expected.join('\n')) {
    const diff = [
      ...example.expected.filter((l) => !actual.includes(l)).map((l) => `- ${l}`),
      ...actual.filter((l) => !example.expected.includes(l)).map((l) => `+ ${l}`),
    ];
    found.push(
      `docs/rules/${id}.md shows other output than \`ccf ${example.argv.join(' ')}\` prints:\n${(diff.length ? diff : ['(the same lines in another order)']).join('\n')}`,
    );
  }
  if (stderr !== '') found.push(`docs/rules/${id}.md: ccf wrote to stderr: ${stderr}`);
  if (!actual.some((l) => l.split(/\s+/).includes(id))) found.push(`docs/rules/${id}.md: \`${id}\` is not in the output`);
  return found;
}

describe('the example of each docs/rules page', () => {
  it.each(pages.filter((id) => !Object.hasOwn(exempt, id)))('%s: prints what the page shows', async (id) => {
    expect(await problems(id, read(id))).toEqual([]);
  });

  it.each(Object.entries(exempt))('%s: is exempt (%s) and so shows no example to check', (id) => {
    expect(pages).toContain(id);
    expect(() => parseExample(read(id))).toThrow();
  });

  it('fails when one line of a page’s output is edited, or the output leaves out the page’s rule', async () => {
    const page = read('id-format');
    const line = parseExample(page).expected.find((l) => l.endsWith('  id-matches-filename'))!;
    const edited = page.replace(line, line.replace('  error  ', '  warning  '));
    expect(await problems('id-format', edited)).toEqual([
      `docs/rules/id-format.md shows other output than \`ccf lint\` prints:\n- ${line.replace('  error  ', '  warning  ')}\n+ ${line}`,
    ]);
    // An example that shows only other rules' diagnostics is no example of the page's own rule.
    expect(await problems('duplicate-key', read('unknown-key'))).toEqual([
      'docs/rules/duplicate-key.md: `duplicate-key` is not in the output',
    ]);
  });

  it('refuses a page without an example, or one whose command or base is missing', () => {
    const page = read('id-format');
    const section = page.slice(page.indexOf('## Example'), page.indexOf('## How to fix'));
    expect(() => parseExample(page.replace(section, ''))).toThrow('no `## Example` section');
    expect(() => parseExample(page.replace('$ ccf lint', '$ ccf diff'))).toThrow('`$ ccf lint`');
    expect(() => parseExample(page.replace('_base/2024/', 'base/2024/'))).toThrow('one link to the base');
  });

  it('refuses a shell command it does not know, and a path outside the example folder', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ccf-docs-')));
    temps.push(dir);
    expect(() => runCommand(dir, 'curl https://example.test')).toThrow('unsupported command');
    expect(() => runCommand(dir, `rm ..${sep}x`)).toThrow('leaves the example folder');
  });

  it('lays examples over bases that are clean on their own', async () => {
    for (const base of readdirSync(bases, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const { actual, stderr } = await runExample({ base: base.name, steps: [], argv: ['lint'], expected: [] });
      expect(actual, base.name).toEqual(['0 errors, 0 warnings']);
      expect(stderr).toBe('');
    }
  });
});
