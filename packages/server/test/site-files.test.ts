import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { fixtures, loadSnapshot, memoryStore } from './helpers.js';

const snapshot = {
  ...(await loadSnapshot(join(fixtures, 'basic'))),
  site: {
    ruleDocs: new Map([
      ['id-format', '# id-format\n\nIds are kebab-case. <script>alert(1)</script> [x](javascript:alert(1))\n'],
      ['no-empty-framework', '# no-empty-framework\n'],
    ]),
    schemas: new Map([
      ['cluster.schema.json', JSON.stringify({ $id: '/schemas/cluster.schema.json', type: 'object' })],
      ['published/framework.schema.json', JSON.stringify({ $id: '/schemas/published/framework.schema.json' })],
    ]),
  },
};
const app = createApp(memoryStore(snapshot));
const get = (path: string) => app.request(`http://localhost${path}`);

describe('rule docs at /docs/rules/<id>', () => {
  it('renders docs/rules/<id>.md sanitized, under the strict CSP', async () => {
    const res = await get('/docs/rules/id-format');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Ids are kebab-case.');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('javascript:');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
  });
  it('lists every rule at /docs/rules/', async () => {
    const html = await (await get('/docs/rules/')).text();
    expect(html).toContain('/docs/rules/id-format');
    expect(html).toContain('/docs/rules/no-empty-framework');
  });
  it('answers 404 for an unknown rule or a path that is not a rule id', async () => {
    for (const path of ['/docs/rules/nope', '/docs/rules/..%2fREADME', '/docs/rules/ID-FORMAT', '/docs/rules/id-format.md'])
      expect((await get(path)).status, path).toBe(404);
  });
});

describe('schemas at /schemas/<file> and /schemas/published/<file>', () => {
  it('serves each with its $id absolute under the framework baseUrl, readable by any site', async () => {
    const res = await get('/schemas/published/framework.schema.json');
    expect(res.status).toBe(200);
    const base = snapshot.framework.meta.baseUrl ?? 'https://ccf-project.github.io/ccf/';
    expect(((await res.json()) as { $id: string }).$id).toBe(`${base.replace(/\/?$/, '/')}schemas/published/framework.schema.json`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get('/schemas/cluster.schema.json')).status).toBe(200);
  });
  it('answers 404 for a file it does not hold', async () => {
    for (const path of ['/schemas/nope.schema.json', '/schemas/published/cluster.schema.json', '/schemas/..%2fpackage.json'])
      expect((await get(path)).status, path).toBe(404);
  });
});
