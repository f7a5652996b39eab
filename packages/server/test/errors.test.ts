import { join } from 'node:path';
import { CcfError } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../src/errors.js';
import { createApp } from '../src/index.js';
import { fixtures, loadSnapshot, memoryStore } from './helpers.js';

describe('HttpError', () => {
  it('extends CcfError and carries status, code, hint and cause', () => {
    const cause = new Error('low-level');
    const e = new HttpError(404, 'not-found', 'm', { hint: 'h', cause });
    expect(e).toBeInstanceOf(CcfError);
    expect(e).toMatchObject({ name: 'HttpError', status: 404, code: 'not-found', hint: 'h', cause });
  });

  it('its code is the API’s error.code', async () => {
    const app = createApp(memoryStore(await loadSnapshot(join(fixtures, 'basic'))));
    const res = await app.request('http://localhost/api/v1/nodes/Not_An_Id');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});
