import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const guide = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');

/** Backticked spans of a text, without the fenced blocks. */
function codeSpans(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** A span that names a file or folder of this repository (placeholders such as `<id>` excluded). */
function isRepoPath(span: string): boolean {
  return /^(\.ci|\.github|packages|schemas|docs|test|scripts|bench|content)\//.test(span) && !/[<>*{}\s]/.test(span);
}

describe('CONTRIBUTING.md', () => {
  it('names only files and folders that exist', () => {
    const paths = codeSpans(guide).filter(isRepoPath);
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((p) => !existsSync(join(root, p)));
    expect(missing).toEqual([]);
  });

  it('names, in its naming table, only functions and classes the packages declare', () => {
    const section = guide.slice(guide.indexOf('## Names'), guide.indexOf('\n## ', guide.indexOf('## Names') + 1));
    const table = section.split('\n').filter((l) => l.startsWith('| `'));
    const names = table.flatMap((row) => codeSpans(row.split('|')[3] ?? ''));
    expect(names.length).toBeGreaterThan(10);
    const sources = readdirSync(join(root, 'packages'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && /\/src(\/|$)/.test(e.parentPath) && !e.parentPath.includes('node_modules'))
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    const unknown = names.filter((n) => !new RegExp(`export (?:async )?(?:function|class|const) ${n}\\b`).test(sources));
    expect(unknown).toEqual([]);
  });

  it('links to README sections that exist', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const slugs = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s-]/gu, '')
          .replace(/\s/g, '-'),
      ),
    );
    const anchors = [...guide.matchAll(/\]\(README\.md#([^)]+)\)/g)].map((m) => m[1]!);
    expect(anchors.length).toBeGreaterThan(0);
    expect(anchors.filter((a) => !slugs.has(a))).toEqual([]);
  });
});
