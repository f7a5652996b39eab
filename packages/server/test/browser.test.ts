// A real browser against the real Node server: Debian's Chromium through playwright-core.
// CI (.ci/run) installs chromium; without it this test FAILS unless CCF_SKIP_BROWSER=1.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Store } from '../src/index.js';
import { createNodeStore, listen, type NodeStore, type Running } from '../src/node.js';
import { fixtures, loadSnapshot, tempDir } from './helpers.js';

const CHROMIUM = process.env.CCF_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.CCF_SKIP_BROWSER === '1';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let shots: string;
let nodeStore: NodeStore | undefined;
let running: Running;
let browser: BrowserContext | undefined;
let userData: string;
const consoleErrors: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser!.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return page;
}

describe.skipIf(skip)('in a real browser (Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does), point CCF_CHROMIUM at it, or set CCF_SKIP_BROWSER=1 to skip the browser test`,
      );
    tmp = await tempDir();
    shots = await mkdtemp(join(tmpdir(), 'ccf-shots-'));
    userData = await mkdtemp(join(tmpdir(), 'ccf-chromium-'));
    await cp(join(fixtures, 'basic'), join(tmp.dir, 'content'), { recursive: true });
    nodeStore = await createNodeStore({ repoRoot: tmp.dir, watch: true });
    // An earlier version to compare with: the fixture with one sub-cluster renamed and one missing.
    const old = (await loadSnapshot(join(fixtures, 'basic'))).framework;
    old.source = { label: '@1.0.0', kind: 'release' };
    const nursing = old.nodes.get('nursing')!;
    nursing.title = 'Nursing';
    const live = nodeStore;
    const store: Store = { ...live, open: async (spec) => (spec === '@1.0.0' ? { framework: old } : live.open!(spec)) };
    running = await listen(createApp(store), { port: 0 });
    browser = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    nodeStore?.close();
    await running?.close();
    await tmp?.remove();
    if (userData) await rm(userData, { recursive: true, force: true });
    if (shots) console.log(`screenshots in ${shots}`);
  });

  it('overview → sub-cluster → search for an occupation → diff view', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(running.url);
    expect(await page.locator('h1').textContent()).toBe('Test Framework');
    expect(await page.locator('main').count()).toBe(1);
    await page.screenshot({ path: join(shots, '1-overview.png'), fullPage: true });

    await page.getByRole('link', { name: 'Healthcare & Human Services' }).click();
    await page.getByRole('link', { name: 'Nursing & Patient Care' }).click();
    expect(page.url()).toBe(`${running.url}clusters/health-care/nursing`);
    expect(await page.getByRole('cell', { name: 'Registered Nurses' }).count()).toBe(1);
    // The definition's hostile bits never ran and never reached the page.
    expect(
      await page.evaluate(() => document.querySelectorAll('main script, [onerror], a[href^="javascript:"], img[src^="data:"]').length),
    ).toBe(0);
    await page.screenshot({ path: join(shots, '2-subcluster.png'), fullPage: true });

    await page.getByLabel('Search the framework').fill('registered nurses');
    await page.getByLabel('Search the framework').press('Enter');
    await page.waitForURL(/\/search\?q=registered\+nurses$/);
    expect(await page.getByRole('status').textContent()).toContain('1 result');
    expect(await page.locator('ol.results > li > a').first().textContent()).toBe('Nursing & Patient Care');
    await page.screenshot({ path: join(shots, '3-search.png'), fullPage: true });

    await page.getByRole('link', { name: 'Compare versions' }).click();
    await page.getByLabel('From').fill('@1.0.0');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/diff\?from=%401\.0\.0/);
    expect(await page.locator('h2').first().textContent()).toContain('@1.0.0 →');
    expect(await page.locator('.diff-report').textContent()).toContain('Nursing');
    await page.screenshot({ path: join(shots, '4-diff.png'), fullPage: true });

    await page.getByRole('link', { name: 'Crosswalk table' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/\d+ of \d+ rows/);
    await page.screenshot({ path: join(shots, '5-crosswalk.png'), fullPage: true });

    // Narrow screen: nothing overflows sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${running.url}clusters/health-care/nursing`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(shots, '6-mobile.png'), fullPage: true });

    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('the diff page’s flow diagram: visible, labelled, readable at 1280 px and, scrolling in its own box, at 390 px', async () => {
    // The real releases: the 2002 → 2024 change is the one states read.
    const repoRoot = join(import.meta.dirname, '../../..');
    const real = await createNodeStore({ repoRoot, log: () => {} });
    const server = await listen(createApp(real), { port: 0 });
    const screens = process.env.CCF_SCREENS ?? shots;
    try {
      const page = await newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}diff?from=@1.0.1&to=@2.0.0`);
      const diagram = page.getByRole('img', { name: 'Career Clusters of version 1.0.1 → Career Clusters of version 2.0.0' });
      await diagram.scrollIntoViewIfNeeded();
      expect(await diagram.isVisible()).toBe(true);
      const box = page.getByRole('region', { name: 'Flow diagram of Career Clusters' });
      expect(await box.isVisible()).toBe(true);
      /** What the reader sees: the on-screen size of a label, whether the page or the box scrolls sideways. */
      const measure = (): Promise<{ font: number; pageOverflow: boolean; boxScrolls: boolean; scrolled: number }> =>
        page.evaluate(() => {
          const wrap = document.querySelector<HTMLElement>('.flow-wrap')!;
          const label = [...wrap.querySelectorAll('text')].find((t) => t.textContent === 'Government & Public Administration')!;
          wrap.scrollLeft = wrap.scrollWidth;
          const scrolled = wrap.scrollLeft;
          wrap.scrollLeft = 0;
          return {
            font: label.getBoundingClientRect().height,
            pageOverflow: document.documentElement.scrollWidth > window.innerWidth,
            boxScrolls: wrap.scrollWidth > wrap.clientWidth,
            scrolled,
          };
        });
      const wide = await measure();
      expect(wide.pageOverflow).toBe(false);
      expect(wide.font).toBeGreaterThanOrEqual(11);
      expect(await page.getByText('The same flows as a table').isVisible()).toBe(true);
      await page.screenshot({ path: join(screens, 'diff-flow-1280.png') });

      await page.setViewportSize({ width: 390, height: 844 });
      await diagram.scrollIntoViewIfNeeded();
      const narrow = await measure();
      expect(narrow).toMatchObject({ pageOverflow: false, boxScrolls: true });
      expect(narrow.scrolled).toBeGreaterThan(300);
      expect(narrow.font).toBeGreaterThanOrEqual(11);
      await page.screenshot({ path: join(screens, 'diff-flow-390.png') });
      // The box takes the keyboard (a scrollable region must be focusable) and scrolls to the right-hand labels.
      await box.focus();
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      const label = page.locator('.flow-wrap text', { hasText: /^Public Service & Safety$/ });
      const inView = (): Promise<boolean> =>
        label.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.left >= 0 && r.right <= window.innerWidth;
        });
      expect(await inView()).toBe(false);
      await box.evaluate((el) => void (el.scrollLeft = el.scrollWidth));
      await label.scrollIntoViewIfNeeded();
      expect(await inView()).toBe(true);
      await page.screenshot({ path: join(screens, 'diff-flow-390-scrolled.png') });
      expect(consoleErrors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      await real.close();
    }
  }, 120_000);

  it('live reload: editing a file changes the open page', async () => {
    const page = await newPage();
    await page.goto(`${running.url}clusters/health-care/therapy`);
    // Wait until the page listens for reloads.
    await page.waitForSelector('html[data-live-state="open"]');
    const file = join(tmp.dir, 'content/clusters/health-care/therapy.md');
    await writeFile(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Physical Therapy'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Physical Therapy', undefined, { timeout: 10_000 });

    // A broken edit: the page shows the diagnostics and still the last good content.
    await writeFile(file, '---\nid: therapy\ntitle: [broken\n---\n');
    await page.waitForSelector('.problems', { timeout: 10_000 });
    expect(await page.locator('h1').textContent()).toBe('Physical Therapy');
    expect(await page.locator('.problems').textContent()).toContain('clusters/health-care/therapy.md:');
    await page.screenshot({ path: join(shots, '7-broken-edit.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
