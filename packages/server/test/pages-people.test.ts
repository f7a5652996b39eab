// Pages for people who do not lint (issue 15, parts 6 and 7): one count, code shown as code, places that link,
// a version picker, a "did you mean", release dates and editions.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ContentEditor, type Snapshot } from '../src/index.js';
import { fixtures, loadSnapshot, memoryStore, release } from './helpers.js';

let snapshot: Snapshot;

const manifest = JSON.stringify({ version: '1.0.0', edition: '2002', source: { commit: 'a'.repeat(40), date: '2026-11-23T14:18:35Z' } });

beforeAll(async () => {
  // A manifest whose integrity is not checked here: the in-memory release has no `problem`.
  const releases = [await release('1.0.0', { 'framework.json': '{"version":"1.0.0"}\n', 'manifest.json': manifest })];
  snapshot = await loadSnapshot(join(fixtures, 'basic'), releases);
});

const page = async (s: Snapshot, path: string, editor?: ContentEditor): Promise<{ status: number; html: string }> => {
  const res = await createApp(memoryStore(s), editor ? { editor } : {}).request(path);
  return { status: res.status, html: await res.text() };
};

/** Visible text of a page: what a reader sees, without tags. */
const text = (html: string): string => html.replace(/<[^>]*>/g, '');

const diagnostic = {
  file: 'clusters/health-care/nursing.md',
  line: 3,
  column: 8,
  ruleId: 'some-rule',
  severity: 'warning' as const,
  message: 'Unexpected `Nursing`, expected `Nursing & Care`',
  note: 'Write `title: "Nursing & Care"`.',
};

describe('the content checks page', () => {
  it('is called Content checks, in the nav too', async () => {
    const { html } = await page(snapshot, '/lint');
    expect(html).toContain('<h1>Content checks</h1>');
    expect(html).toMatch(/<a href="\/lint" aria-current="page">Content checks<\/a>/);
    expect(html).not.toContain('Lint results');
  });

  it('shows code as <code>, never literal backticks, and links each place to its page', async () => {
    const { html } = await page({ ...snapshot, diagnostics: [diagnostic] }, '/lint');
    expect(html).toContain('Unexpected <code>Nursing</code>, expected <code>Nursing &amp; Care</code>');
    expect(html).toContain('Write <code>title: &quot;Nursing &amp; Care&quot;</code>.');
    expect(text(html)).not.toContain('`');
    expect(html).toContain('<a href="/clusters/health-care/nursing"><code>clusters/health-care/nursing.md:3:8</code></a>');
    expect(html).not.toContain('/edit/');
  });

  it('with --edit, links each place to the field in the edit form', async () => {
    const editor = { schemas: new Map() } as unknown as ContentEditor;
    const { html } = await page({ ...snapshot, diagnostics: [diagnostic] }, '/lint', editor);
    expect(html).toContain('<a href="/edit/clusters/health-care/nursing?line=3">Edit this field</a>');
  });

  it('counts what it lists: the problems of content that does not load are in the one list, with no second banner', async () => {
    const problem = {
      ...diagnostic,
      file: 'clusters/health-care/therapy.md',
      ruleId: 'yaml-syntax',
      severity: 'error' as const,
      message: 'Broken',
    };
    const { html } = await page({ ...snapshot, diagnostics: [diagnostic], problems: [problem] }, '/lint');
    expect(html).toContain('1 error · 1 warning · 0 notes.');
    expect(html.match(/<tr><td>/g)).toHaveLength(2);
    expect(html).not.toContain('<h2 id="problems-h">');
  });
});

describe('compare versions', () => {
  it('an empty comparison lists the releases to pick from', async () => {
    const { html } = await page(snapshot, '/diff');
    expect(html).toContain('<a href="/diff?from=%401.0.0">1.0.0</a> <span class="muted">2002 edition</span>');
  });

  it('a version without @ gets "did you mean @1.0.0?", with code as <code>', async () => {
    const { status, html } = await page(snapshot, '/diff?from=1.0.0');
    expect(status).toBe(404);
    expect(html).toContain('Did you mean the release <code>@1.0.0</code>?');
    expect(text(html)).not.toContain('`');
    const api = await createApp(memoryStore(snapshot)).request('/api/v1/diff?from=1.0.0');
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('Did you mean the release `@1.0.0`?');
  });

  it('an error page shows code as <code>', async () => {
    const { html } = await page(snapshot, '/no/such/page');
    expect(html).toContain('Unexpected path <code>/no/such/page</code>');
  });
});

describe('releases', () => {
  it('shows each release with its edition and date', async () => {
    const { html } = await page(snapshot, '/releases');
    expect(html).toContain('2002 edition · released <time datetime="2026-11-23">2026-11-23</time>');
  });
});
