// `ccf serve --edit` without a browser: the edit routes against a real content folder in a temporary git repository.
import { execFileSync } from 'node:child_process';
import { cp, readFile, symlink, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { createContentEditor, createNodeStore, type NodeStore } from '../src/node.js';
import { fixtures, tempDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: NodeStore;
let app: ReturnType<typeof createApp>;
const HOST = 'http://localhost';
const nursing = (): string => join(tmp.dir, 'content/clusters/health-care/nursing.md');

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: tmp.dir,
  }).toString();

/** The edit page's token and file hash, as a browser would read them from the form. */
async function formOf(path: string): Promise<{ token: string; hash: string; html: string }> {
  const res = await app.request(`${HOST}${path}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return {
    token: /name="_token" value="([0-9a-f]+)"/.exec(html)![1]!,
    hash: /name="_hash" value="([^"]+)"/.exec(html)![1]!,
    html,
  };
}

/** The fields of the edit form as it was rendered (inputs, selects, the definition), like a browser submits them. */
function fieldsOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unescape = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input (?:type="hidden" )?(?:id="[^"]*" )?name="([^"]+)" value="([^"]*)"/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<select id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option(?: value="[^"]*")? selected>([^<]*)<\/option>/.exec(m[2]!);
    out[m[1]!] = sel && !sel[1]!.startsWith('(') ? unescape(sel[1]!) : '';
  }
  const body = /<textarea id="f-definition" name="_body"[^>]*>\n([\s\S]*?)<\/textarea>/.exec(html);
  if (body) out._body = unescape(body[1]!);
  return out;
}

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> =>
  Promise.resolve(
    app.request(`${HOST}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST, 'sec-fetch-site': 'same-origin', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );

describe('edit mode (ccf serve --edit)', () => {
  beforeAll(async () => {
    tmp = await tempDir();
    await cp(join(fixtures, 'basic'), join(tmp.dir, 'content'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    store = await createNodeStore({ repoRoot: tmp.dir });
    const editor = await createContentEditor({ store, repoRoot: tmp.dir });
    app = createApp(store, { editor });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await tmp?.remove();
  });

  it('links every cluster and sub-cluster page to its edit form, and each cluster to a new sub-cluster', async () => {
    const cluster = await (await app.request(`${HOST}/clusters/health-care`)).text();
    expect(cluster).toContain('href="/edit/clusters/health-care"');
    expect(cluster).toContain('href="/edit/new/health-care"');
    const sub = await (await app.request(`${HOST}/clusters/health-care/nursing`)).text();
    expect(sub).toContain('href="/edit/clusters/health-care/nursing"');
    // Without --edit: no links, and the edit paths do not exist.
    const plain = createApp(store);
    expect(await (await plain.request(`${HOST}/clusters/health-care`)).text()).not.toContain('/edit/');
    expect((await plain.request(`${HOST}/edit/clusters/health-care`)).status).toBe(404);
  });

  it('renders a form from the schema, with O*NET titles from the framework to pick from', async () => {
    const { html } = await formOf('/edit/clusters/health-care/nursing');
    expect(html).toContain('name="title" value="Nursing &amp; Patient Care"');
    expect(html).toContain('name="provenance/status"');
    expect(html).toContain('name="soc/0/code" value="29-1141.00"');
    expect(html).toContain('<option value="29-1141.00">Registered Nurses</option>');
    expect(html).toContain('name="derivedFrom/0" value="therapeutic-services"');
    // The definition editor starts with the file's body and its sanitized preview.
    expect(html).toContain('id="md-preview"');
    expect(html).not.toMatch(/<script>alert/);
  });

  it('saves a new title: the file changes in that line only, in canonical form, and the change report shows it', async () => {
    const before = await readFile(nursing(), 'utf8');
    const { html } = await formOf('/edit/clusters/health-care/nursing');
    const fields = fieldsOf(html);
    fields.title = 'Nursing, Midwifery & Patient Care';
    const res = await post('/edit/clusters/health-care/nursing', fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/edit/clusters/health-care/nursing?saved=1');
    const after = await readFile(nursing(), 'utf8');
    expect(after).toBe(before.replace('title: Nursing & Patient Care', 'title: Nursing, Midwifery & Patient Care'));
    const page = await (await app.request(`${HOST}/edit/clusters/health-care/nursing?saved=1`)).text();
    expect(page).toContain('role="status">Saved');
    expect(page).toMatch(/Compared with the point where this branch left main/);
    expect(page).toContain('Nursing, Midwifery &amp; Patient Care');
    git('checkout', '-q', '--', 'content');
    await store.reload();
  });

  it('refuses a bad SOC code with the error next to its field, and leaves the file untouched', async () => {
    const before = await readFile(nursing(), 'utf8');
    const { html } = await formOf('/edit/clusters/health-care/nursing');
    const fields = fieldsOf(html);
    fields['soc/0/code'] = '29-99X9';
    const res = await post('/edit/clusters/health-care/nursing', fields);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toMatch(/<input id="f-soc-0-code" name="soc\/0\/code" value="29-99X9"[^>]*aria-invalid="true"/);
    expect(page).toMatch(/id="f-soc-0-code-msg"><li class="sev-error">/);
    expect(page).toContain('Not saved: this edit brings new errors');
    expect(await readFile(nursing(), 'utf8')).toBe(before);
  });

  it('refuses to save over a file that changed on disk since the form was loaded (409)', async () => {
    const { html } = await formOf('/edit/clusters/health-care/nursing');
    const changed = (await readFile(nursing(), 'utf8')).replace('order: 1', 'order: 3');
    await writeFile(nursing(), changed);
    const fields = fieldsOf(html);
    fields.title = 'Lost Update';
    const res = await post('/edit/clusters/health-care/nursing', fields);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('changed on disk after this form was opened');
    expect(await readFile(nursing(), 'utf8')).toBe(changed);
    git('checkout', '-q', '--', 'content');
    await store.reload();
  });

  it('creates a sub-cluster, and never reuses an id', async () => {
    const { html } = await formOf('/edit/new/health-care');
    const fields = {
      ...fieldsOf(html),
      id: 'midwifery',
      title: 'Midwifery',
      'provenance/status': 'INFERRED',
      _body: 'Midwives care for mothers and newborns before, during and after birth.\n',
    };
    const res = await post('/edit/new/health-care', fields);
    expect(res.status).toBe(303);
    const text = await readFile(join(tmp.dir, 'content/clusters/health-care/midwifery.md'), 'utf8');
    expect(text).toBe(
      '---\nid: midwifery\ntitle: Midwifery\norder: 3\nprovenance:\n  status: INFERRED\n---\nMidwives care for mothers and newborns before, during and after birth.\n',
    );
    expect(store.snapshot().framework.nodes.get('midwifery')?.title).toBe('Midwifery');
    const again = await post('/edit/new/health-care', { ...fields, id: 'nursing' });
    expect(again.status).toBe(409);
  });

  it('refuses writes without the token, from another origin or another site, and bad ids', async () => {
    const { html } = await formOf('/edit/clusters/health-care/nursing');
    const fields = fieldsOf(html);
    const before = await readFile(nursing(), 'utf8');
    fields.title = 'Hijacked';
    expect((await post('/edit/clusters/health-care/nursing', { ...fields, _token: 'f'.repeat(64) })).status).toBe(403);
    expect((await post('/edit/clusters/health-care/nursing', fields, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/edit/clusters/health-care/nursing', fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/edit/new/health-care', { ...fields, id: '../../../etc/x' })).status).toBe(422);
    // POST anywhere else is still refused.
    expect((await post('/lint', fields)).status).toBe(405);
    expect(await readFile(nursing(), 'utf8')).toBe(before);
  });

  it('never follows a symlink out of the content folder', async () => {
    const outside = join(tmp.dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'index.md'), '---\nid: linked\ntitle: Linked\norder: 9\nprovenance:\n  status: INFERRED\n---\n');
    await symlink(outside, join(tmp.dir, 'content/clusters/linked'));
    const editor = await createContentEditor({ store, repoRoot: tmp.dir });
    await expect(editor.read('clusters/linked/index.md')).rejects.toThrow(/inside the content folder/);
    await expect(editor.write('clusters/linked/index.md', 'x', null)).rejects.toThrow(/inside the content folder/);
    await expect(editor.read('clusters/../../outside/index.md')).rejects.toThrow(/expected `clusters/);
    expect(await readFile(join(outside, 'index.md'), 'utf8')).toContain('id: linked');
  });
});
