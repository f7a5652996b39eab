import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/node.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccf-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file whole and leaves nothing else beside it', async () => {
    writeFileSync(join(dir, 'a.json'), 'old');
    await writeFileAtomic(join(dir, 'a.json'), '{"new":true}\n');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"new":true}\n');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('on failure, throws and removes its temporary file', async () => {
    // A folder in the way: the temporary file is written, the rename fails.
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x'), 'kept');
    await expect(writeFileAtomic(join(dir, 'taken'), 'text')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(dir, 'taken', 'x'), 'utf8')).toBe('kept');
    await expect(writeFileAtomic(join(dir, 'missing', 'f'), 'text')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
