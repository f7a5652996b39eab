import { assemble, assembleOverlay, overlayKindOf, type LoadResult } from '@ccf/core';
import { parseFile } from '@ccf/core/node';

export type Files = Record<string, string | Uint8Array>;

/** A small valid framework: two clusters, three sub-clusters. */
export function baseFiles(overrides: Files = {}): Files {
  const prov = 'provenance:\n  status: VERIFIED\n';
  const def = (what: string) => `\nCareers in ${what}, described here in a sentence long enough to count as a definition.\n`;
  const files: Files = {
    'framework.md': `---\nid: test-framework\ntitle: National Career Clusters® Framework\nversion: "1.0.0"\nedition: "2002"\npublisher: ccf tests\nlicense: CC-BY-4.0\nattribution: Test attribution.\nterms:\n  cluster: Career Cluster\n  subcluster: Career Pathway\n---\n\nThe National Career Clusters® Framework, as a test fixture. See [Finance](clusters/finance/index.md).\n`,
    'clusters/finance/index.md': `---\nid: finance\ntitle: Finance\naliases:\n  - Money\norder: 1\n${prov}---\n${def('finance')}`,
    'clusters/finance/accounting.md': `---\nid: accounting\ntitle: Accounting\norder: 1\n${prov}soc:\n  - code: "13-2011.00"\n    title: Accountants and Auditors\n---\n${def('accounting')}`,
    'clusters/finance/insurance.md': `---\nid: insurance\ntitle: Insurance\norder: 2\n${prov}soc:\n  - code: "41-3021.00"\n---\n${def('insurance')} See [accounting](accounting.md).\n`,
    'clusters/marketing/index.md': `---\nid: marketing\ntitle: Marketing\norder: 2\n${prov}---\n${def('marketing')}`,
    'clusters/marketing/merchandising.md': `---\nid: merchandising\ntitle: Merchandising\norder: 1\n${prov}soc:\n  - code: "41-2031.00"\n---\n${def('merchandising')}`,
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === '') delete files[k];
    else files[k] = v;
  }
  return files;
}

/** Loads files from memory, as the directory source would (path order). */
export function load(files: Files, label = 'test'): LoadResult {
  const parsed = Object.entries(files).map(([path, text]) => parseFile(path, typeof text === 'string' ? Buffer.from(text) : text));
  return assemble(parsed, { label, kind: 'directory' });
}

/** Replaces the first occurrence of `find` in one file; fails loudly when it is not there. */
export function edit(files: Files, path: string, find: string, replace: string): Files {
  const text = files[path];
  if (typeof text !== 'string' || !text.includes(find)) throw new Error(`fixture edit: \`${find}\` not in ${path}`);
  return { ...files, [path]: text.replace(find, replace) };
}

/** Resolves a state overlay held in memory against a base held in memory, as loadOverlay does from disk. */
export function loadOverlayFiles(base: Files, overlay: Files): LoadResult {
  const parsed = Object.entries(overlay).map(([path, text]) =>
    parseFile(path, typeof text === 'string' ? Buffer.from(text) : text, overlayKindOf(path) ?? 'overlay-node'),
  );
  return assembleOverlay(load(base, '@1.0.0').framework, parsed, { label: 'state', kind: 'directory' });
}
