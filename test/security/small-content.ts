/** A small valid content folder (two clusters, three sub-clusters) written to a temporary folder for one test. */
import { mkdtempSync, realpathSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Files = Record<string, string>;

const prov = 'provenance:\n  status: VERIFIED\n';
const def = (what: string): string => `\nCareers in ${what}, described here in a sentence long enough to count as a definition.\n`;

/** The files, relative to the content root; `overrides` replace files, `null` removes one. */
export function smallContent(overrides: Record<string, string | null> = {}): Files {
  const files: Files = {
    'framework.md': `---\nid: test-framework\ntitle: National Career Clusters® Framework\nversion: "1.0.0"\nedition: "2002"\npublisher: ccf tests\nlicense: CC-BY-4.0\nattribution: Test attribution.\nterms:\n  cluster: Career Cluster\n  subcluster: Career Pathway\n---\n\nThe National Career Clusters® Framework, as a test fixture.\n`,
    'clusters/finance/index.md': `---\nid: finance\ntitle: Finance\norder: 1\n${prov}---\n${def('finance')}`,
    'clusters/finance/accounting.md': `---\nid: accounting\ntitle: Accounting\norder: 1\n${prov}soc:\n  - code: "13-2011.00"\n    title: Accountants and Auditors\n---\n${def('accounting')}`,
    'clusters/finance/insurance.md': `---\nid: insurance\ntitle: Insurance\norder: 2\n${prov}soc:\n  - code: "41-3021.00"\n---\n${def('insurance')}`,
    'clusters/marketing/index.md': `---\nid: marketing\ntitle: Marketing\norder: 2\n${prov}---\n${def('marketing')}`,
    'clusters/marketing/merchandising.md': `---\nid: merchandising\ntitle: Merchandising\norder: 1\n${prov}soc:\n  - code: "41-2031.00"\n---\n${def('merchandising')}`,
  };
  for (const [path, text] of Object.entries(overrides)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  return files;
}

export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

/** Writes files (paths relative to the new folder) into a fresh temporary folder. */
export async function tempDir(files: Files = {}): Promise<TempDir> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ccf-sec-')));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `smallContent` under `content/` of a fresh temporary folder. */
export function tempContent(overrides: Record<string, string | null> = {}): Promise<TempDir> {
  return tempDir(Object.fromEntries(Object.entries(smallContent(overrides)).map(([p, t]) => [`content/${p}`, t])));
}
