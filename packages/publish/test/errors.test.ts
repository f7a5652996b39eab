import { join } from 'node:path';
import { CcfError } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { normalizeDate } from '../src/dates.js';
import { buildRelease, PublishError, toUtcDate, writeRelease } from '../src/index.js';
import { earlierOf, fixture, loadDir, tempDir } from './helpers.js';

describe('PublishError', () => {
  it('extends CcfError and carries code, hint and cause', () => {
    const cause = new Error('low-level');
    const e = new PublishError('PUBLISH_TARGET_EXISTS', 'm', { hint: 'h', cause });
    expect(e).toBeInstanceOf(CcfError);
    expect(e).toMatchObject({ name: 'PublishError', code: 'PUBLISH_TARGET_EXISTS', hint: 'h', cause });
  });

  it('a date that cannot be read is PUBLISH_BAD_DATE, with an example as the hint', () => {
    expect(() => normalizeDate('yesterday')).toThrow(
      expect.objectContaining({ code: 'PUBLISH_BAD_DATE', hint: expect.stringMatching(/2024-10-22T14:03:00Z/) }),
    );
    expect(() => normalizeDate('2024-13-01T00:00:00Z')).toThrow(expect.objectContaining({ code: 'PUBLISH_BAD_DATE' }));
    expect(toUtcDate('yesterday')).toBeUndefined();
    expect(toUtcDate('2024-10-22T10:03:00-04:00')).toBe('2024-10-22T14:03:00Z');
  });

  it('an unsafe file name and an existing folder have their own codes', async () => {
    const framework = await loadDir(fixture('small'));
    const files = await buildRelease(framework, { toolVersion: '1.0.0', earlier: await earlierOf(fixture('small')) });
    const { dir, done } = await tempDir();
    try {
      await expect(writeRelease(join(dir, 'a'), new Map([['../x', new Uint8Array()]]), { overwrite: true })).rejects.toMatchObject({
        code: 'PUBLISH_BAD_FILE_NAME',
      });
      await writeRelease(join(dir, 'r'), files, { overwrite: false });
      await expect(writeRelease(join(dir, 'r'), files, { overwrite: false })).rejects.toMatchObject({ code: 'PUBLISH_TARGET_EXISTS' });
    } finally {
      await done();
    }
  });
});
