import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcfError, SourceError } from '../src/index.js';
import { CacheError, diskCache, gitSource, loadFramework, openSource, parseFile } from '../src/node.js';

describe('CcfError', () => {
  it('carries a permanent code, a hint, a cause and a position kept out of the message', () => {
    const cause = new Error('low-level');
    const e = new CcfError('SOME_CODE', 'Unexpected x, expected y', { hint: 'Do z.', cause, file: 'a.md', line: 3, column: 7 });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'CcfError', code: 'SOME_CODE', hint: 'Do z.', cause, file: 'a.md', line: 3, column: 7 });
    expect(e.message).toBe('Unexpected x, expected y');
  });

  it('has no hint, cause or position unless given', () => {
    const e = new CcfError('SOME_CODE', 'm');
    for (const key of ['hint', 'cause', 'file', 'line', 'column']) expect(key in e, key).toBe(false);
  });

  it('lives in a dependency-free module, so every runtime can load it', () => {
    const text = readFileSync(new URL('../src/errors.ts', import.meta.url), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
  });
});

describe('SourceError', () => {
  it('extends CcfError and is named after its class', () => {
    const e = new SourceError('SOURCE_UNKNOWN_REF', 'm', { hint: 'h' });
    expect(e).toBeInstanceOf(CcfError);
    expect(e).toMatchObject({ name: 'SourceError', code: 'SOURCE_UNKNOWN_REF', hint: 'h' });
  });

  it('says which problem it is with a code, never only with words', async () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as SourceError).code;
      }
      return undefined;
    };
    expect(code(() => openSource('', { repoRoot: '/' }))).toBe('SOURCE_EMPTY');
    expect(code(() => openSource('@one', { repoRoot: '/' }))).toBe('SOURCE_BAD_NAME');
    expect(code(() => openSource('--upload-pack=x', { repoRoot: '/' }))).toBe('SOURCE_BAD_NAME');
    expect(code(() => openSource('@9.9.9', { repoRoot: '/' }))).toBe('SOURCE_UNKNOWN_RELEASE');
  });

  it('a folder that is not a repository is told by asking git, whatever language git speaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccf-norepo-'));
    const saved = process.env.LANGUAGE;
    // git translates "not a git repository"; ccf must not depend on the English words.
    process.env.LANGUAGE = 'fr';
    try {
      const error = await loadFramework(gitSource({ repo: dir, ref: 'HEAD', contentDir: 'content' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ code: 'SOURCE_NOT_A_REPOSITORY', message: `Not a git repository: ${dir}` });
      expect((error as SourceError).cause).toBeInstanceOf(Error);
    } finally {
      if (saved === undefined) delete process.env.LANGUAGE;
      else process.env.LANGUAGE = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CacheError', () => {
  it('extends CcfError: a refused cache folder has a code, a hint, and is named after its class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccf-cache-error-'));
    try {
      symlinkSync(join(dir, 'elsewhere'), join(dir, 'link'));
      const error = (() => {
        try {
          diskCache(join(dir, 'link'), { secret: Buffer.alloc(32, 1) });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(CacheError);
      expect(error).toBeInstanceOf(CcfError);
      expect(error).toMatchObject({ name: 'CacheError', code: 'CACHE_REFUSED' });
      expect((error as CacheError).hint).toMatch(/--cache/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('YAML errors are told apart by yaml’s error code, not its message', () => {
  const yamlNotes = (yaml: string): (string | undefined)[] =>
    parseFile('clusters/a/b.md', `---\n${yaml}---\n\nBody.\n`)
      .diagnostics.filter((d) => d.ruleId === 'yaml-syntax')
      .map((d) => d.note);

  it('a tab used as indentation (TAB_AS_INDENT) gets the hint about tabs', () => {
    expect(yamlNotes('id: b\nsoc:\n\t- code: "11-1011"\n')).toEqual([
      'YAML counts spaces only; type spaces instead of the tab: `  - code: "11-1011"`',
    ]);
  });

  it('a message that merely quotes the word “tab” does not', () => {
    // yaml's message quotes the input: "Block scalar header includes extra characters: |table".
    const notes = yamlNotes('id: b\ntitle: |table\n  x\n');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.join('\n')).not.toMatch(/spaces instead of the tab|not tabs/);
  });
});
