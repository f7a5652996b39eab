import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { loadSnapshot, memoryStore } from './helpers.js';

// The sub-cluster pages of the repository's content show the steward's links and say where they come from.
const content = fileURLToPath(new URL('../../../content', import.meta.url));
const app = createApp(memoryStore(await loadSnapshot(content)));
const page = async (path: string): Promise<string> => (await app.request(path)).text();

describe("the steward's links on the preview", () => {
  it('lists occupations, programs and industries, each with its source', async () => {
    const body = await page('/clusters/financial-services/financial-services-accounting');
    expect(body).toContain('<td><code>13-2011</code></td><td>Accountants and Auditors</td>');
    expect(body).toContain('<h2 id="cip-h">Programs</h2>');
    expect(body).toContain('<td><code>52.0301</code></td><td>Accounting.</td>');
    expect(body).toContain('<h2 id="naics-h">Industries</h2>');
    expect(body).toContain('<td><code>52</code></td><td>Finance and Insurance</td>');
    expect(body).toContain('Source: Advance CTE’s National Career Clusters® Framework Crosswalk (workbook of 2025-09-02).');
    expect(body).not.toContain('Links: derived');
  });

  it('marks an Employment Projections grouping', async () => {
    const body = await page('/clusters/supply-chain-transportation/purchasing-warehousing');
    expect(body).toMatch(
      /<code>13-1020<\/code><\/td><td>Buyers and Purchasing Agents <span class="muted">\(an Employment Projections grouping/,
    );
  });

  it('says when the steward lists nothing for a sub-cluster', async () => {
    const body = await page('/clusters/digital-technology/unmanned-vehicle-technology');
    expect(body).toContain('No occupations are linked to this Sub-Cluster.');
    expect(body).toContain('which has no row for this Sub-Cluster.');
  });
});
