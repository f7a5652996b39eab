import { baseFiles, edit, type Files } from './helpers.js';

/** Where a rule must report: the id and the place are the contract. */
export interface Expected {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RuleCase {
  /** The content with one thing broken. */
  files: Files;
  /** An earlier version, for the lineage rules. */
  against?: Files;
  /** A state overlay (framework.md, nodes/, programs/) resolved against `files` as its base: the case lints it. */
  overlay?: Files;
  expect: Expected[];
}

const A = 'clusters/finance/accounting.md';
const I = 'clusters/finance/insurance.md';
const F = 'clusters/finance/index.md';
const M = 'clusters/marketing/index.md';
const base = baseFiles();
/** The framework.md of a state overlay over `base`. */
const OV =
  '---\nid: xs-test\ntitle: Test State Framework\nversion: "1.0.0"\nextends: "@1.0.0"\nstate:\n  code: XS\n  name: Test State\n---\n';

/**
 * One case per rule id that works on files in memory. Ids that need a real folder (symlinks,
 * folders named `x.md`) are in rules-listing.test.ts. A meta-test checks every id has a case.
 */
export const cases: Record<string, RuleCase> = {
  // parsing
  // yaml reports a missing closing quote where the line ends.
  'yaml-syntax': { files: edit(base, I, 'title: Insurance', 'title: "Insurance'), expect: [{ file: I, line: 3, column: 8 }] },
  'yaml-misread': {
    files: edit(base, I, 'title: Insurance', 'title: Insurance #2'),
    expect: [{ file: I, line: 3, column: 18, endLine: 3, endColumn: 20 }],
  },
  'duplicate-key': {
    files: edit(base, A, 'order: 1\n', 'order: 1\ntitle: Again\n'),
    expect: [{ file: A, line: 5, column: 1, endLine: 5, endColumn: 6 }],
  },
  'frontmatter-missing': { files: edit(base, I, '---\nid:', 'id:'), expect: [{ file: I, line: 1, column: 1 }] },
  'frontmatter-unclosed': {
    files: edit(base, I, '---\n\nCareers', '\nCareers'),
    // Where the `---` belongs (the blank line before the text), not the opening fence.
    expect: [{ file: I, line: 9, column: 1, endLine: 9, endColumn: 1 }],
  },
  encoding: {
    files: { ...base, [I]: Buffer.concat([Buffer.from('---\nid: insurance\ntitle: Ins'), Buffer.from([0xe9]), Buffer.from('\n---\n')]) },
    expect: [{ file: I, line: 3, column: 11 }],
  },
  'file-too-large': {
    files: { ...base, [I]: `${base[I] as string}${'x'.repeat(1024 * 1024)}` },
    expect: [{ file: I, line: 1, column: 1 }],
  },
  // schema
  'unknown-key': {
    files: edit(base, A, 'order: 1\n', 'order: 1\ncolour: red\n'),
    expect: [{ file: A, line: 5, column: 1, endLine: 5, endColumn: 7 }],
  },
  'missing-key': { files: edit(base, A, 'order: 1\n', ''), expect: [{ file: A, line: 2, column: 1 }] },
  'wrong-type': { files: edit(base, A, 'order: 1', 'order: first'), expect: [{ file: A, line: 4, column: 8, endLine: 4, endColumn: 13 }] },
  'invalid-value': {
    files: edit(base, A, 'status: VERIFIED', 'status: CHECKED'),
    expect: [{ file: A, line: 6, column: 11, endLine: 6, endColumn: 18 }],
  },
  'duplicate-item': { files: edit(base, F, '  - Money\n', '  - Money\n  - Money\n'), expect: [{ file: F, line: 6, column: 5 }] },
  'id-format': {
    files: edit(base, A, 'id: accounting', 'id: Accounting'),
    expect: [{ file: A, line: 2, column: 5, endLine: 2, endColumn: 15 }],
  },
  'soc-format': {
    files: edit(base, A, '"13-2011.00"', '"13-2011.0"'),
    expect: [{ file: A, line: 8, column: 11, endLine: 8, endColumn: 22 }],
  },
  'cip-format': {
    files: edit(base, A, '---\n\nCareers', 'cip:\n  - code: "1.0901"\n---\n\nCareers'),
    expect: [{ file: A, line: 11, column: 11 }],
  },
  'framework-missing': { files: baseFiles({ 'framework.md': '' }), expect: [{ file: 'framework.md', line: 1, column: 1 }] },
  // integrity
  'id-unique': {
    files: { ...base, 'clusters/marketing/accounting.md': (base[A] as string).replace('order: 1', 'order: 2') },
    expect: [{ file: 'clusters/marketing/accounting.md', line: 2, column: 5, endLine: 2, endColumn: 15 }],
  },
  'id-matches-filename': {
    files: edit(base, A, 'id: accounting', 'id: accountancy'),
    expect: [{ file: A, line: 2, column: 5, endLine: 2, endColumn: 16 }],
  },
  'parent-exists': {
    files: { ...base, 'clusters/sales/selling.md': (base[A] as string).replace('id: accounting', 'id: selling') },
    expect: [{ file: 'clusters/sales/selling.md', line: 2, column: 5 }],
  },
  'title-unique-in-parent': {
    files: edit(base, I, 'title: Insurance', 'title: accounting'),
    expect: [{ file: I, line: 3, column: 8, endLine: 3, endColumn: 18 }],
  },
  'alias-conflict': {
    files: edit(base, F, '- Money', '- Marketing'),
    expect: [{ file: F, line: 5, column: 5, endLine: 5, endColumn: 14 }],
  },
  'order-unique': { files: edit(base, I, 'order: 2', 'order: 1'), expect: [{ file: I, line: 4, column: 8, endLine: 4, endColumn: 9 }] },
  'derived-from-resolves': {
    files: edit(base, A, 'order: 1\n', 'order: 1\nderivedFrom:\n  - acounting\n'),
    against: base,
    expect: [{ file: A, line: 6, column: 5, endLine: 6, endColumn: 14 }],
  },
  'derived-from-acyclic': {
    files: edit(
      edit(base, A, 'order: 1\n', 'order: 1\nderivedFrom: [insurance]\n'),
      I,
      'order: 2\n',
      'order: 2\nderivedFrom: [accounting]\n',
    ),
    expect: [
      { file: A, line: 5, column: 15, endLine: 5, endColumn: 24 },
      { file: I, line: 5, column: 15, endLine: 5, endColumn: 25 },
    ],
  },
  'retired-has-successor-or-reason': {
    files: edit(base, I, 'order: 2\n', 'order: 2\nstatus: retired\n'),
    expect: [{ file: I, line: 5, column: 9, endLine: 5, endColumn: 16 }],
  },
  'lineage-complete': {
    files: base,
    against: {
      ...base,
      'clusters/finance/banking.md': (base[A] as string).replace('id: accounting', 'id: banking').replace('order: 1', 'order: 3'),
    },
    expect: [{ file: 'framework.md', line: 2, column: 1 }],
  },
  'id-not-reused': {
    files: edit(base, 'framework.md', 'edition: "2002"', 'edition: "2024"'),
    against: base,
    expect: [
      { file: A, line: 2, column: 5 },
      { file: F, line: 2, column: 5 },
      { file: I, line: 2, column: 5 },
      { file: 'clusters/marketing/index.md', line: 2, column: 5 },
      { file: 'clusters/marketing/merchandising.md', line: 2, column: 5 },
    ],
  },
  // codes
  'soc-duplicate': {
    files: edit(base, A, '    title: Accountants and Auditors\n', '    title: Accountants and Auditors\n  - code: "13-2011.00"\n'),
    expect: [{ file: A, line: 10, column: 11, endLine: 10, endColumn: 23 }],
  },
  // content
  'definition-required': {
    files: { ...base, [M]: `${(base[M] as string).split('---\n\n')[0]}---\n\nMarketing.\n` },
    expect: [{ file: M, line: 9, column: 1 }],
  },
  'link-resolves': {
    files: edit(base, I, '(accounting.md)', '(acounting.md)'),
    expect: [{ file: I, line: 12, column: 6, endLine: 12, endColumn: 32 }],
  },
  'markdown-too-complex': {
    files: { ...base, [M]: `${(base[M] as string).split('---\n\n')[0]}---\n\n${'>'.repeat(100)}\n` },
    expect: [{ file: M, line: 9, column: 1 }],
  },
  'no-empty-framework': {
    files: baseFiles({ [F]: '', [A]: '', [I]: '', [M]: '', 'clusters/marketing/merchandising.md': '' }),
    expect: [{ file: 'framework.md', line: 1, column: 1, endLine: 1, endColumn: 4 }],
  },
  'no-unsafe-markup': {
    files: edit(base, I, 'See [accounting](accounting.md).', 'See <b>this</b> [accounting](JaVaScRiPt:alert(1)).'),
    expect: [
      { file: I, line: 12, column: 6, endLine: 12, endColumn: 9 },
      { file: I, line: 12, column: 13, endLine: 12, endColumn: 17 },
      { file: I, line: 12, column: 18, endLine: 12, endColumn: 51 },
    ],
  },
  trademark: {
    files: edit(base, 'framework.md', 'The National Career Clusters® Framework', 'The National Career Clusters Framework'),
    expect: [{ file: 'framework.md', line: 14, column: 5, endLine: 14, endColumn: 29 }],
  },
  'no-empty-occupations': {
    files: edit(base, 'clusters/marketing/merchandising.md', 'soc:\n  - code: "41-2031.00"\n', ''),
    expect: [{ file: 'clusters/marketing/merchandising.md', line: 3, column: 8, endLine: 3, endColumn: 21 }],
  },
  // state overlays (resolved against `base`)
  'overlay-unknown-node': {
    files: base,
    overlay: { 'framework.md': OV, 'nodes/a.md': '---\nid: acounting\ntitle: Bookkeeping\n---\n' },
    expect: [{ file: 'nodes/a.md', line: 2, column: 5, endLine: 2, endColumn: 14 }],
  },
  'overlay-conflict': {
    files: base,
    overlay: {
      'framework.md': OV,
      'nodes/a.md': '---\nid: insurance\nhidden: { reason: gone }\n---\n',
      'nodes/b.md': '---\nid: insurance\ntitle: Risk\n---\n',
    },
    expect: [{ file: 'nodes/b.md', line: 2, column: 5, endLine: 2, endColumn: 14 }],
  },
  'overlay-namespace': {
    files: base,
    overlay: {
      'framework.md': OV,
      'programs/p.md': '---\nid: bookkeeping\ntitle: Bookkeeping\nparent: accounting\ncip: ["52.0302"]\n---\n',
    },
    expect: [{ file: 'programs/p.md', line: 2, column: 5, endLine: 2, endColumn: 16 }],
  },
  'overlay-parent': {
    files: base,
    overlay: {
      'framework.md': OV,
      'nodes/a.md': '---\nid: xs-a\nkind: subcluster\ntitle: A\nparent: xs-b\n---\n',
      'nodes/b.md': '---\nid: xs-b\nkind: subcluster\ntitle: B\nparent: xs-a\n---\n',
    },
    expect: [
      { file: 'nodes/a.md', line: 5, column: 1, endLine: 5, endColumn: 7 },
      { file: 'nodes/b.md', line: 5, column: 1, endLine: 5, endColumn: 7 },
    ],
  },
  'overlay-state-node': {
    files: base,
    overlay: { 'framework.md': OV, 'nodes/a.md': '---\nid: xs-a\ntitle: A\n---\n' },
    expect: [{ file: 'nodes/a.md', line: 2, column: 1, endLine: 2, endColumn: 3 }],
  },
  'overlay-code': {
    files: base,
    overlay: { 'framework.md': OV, 'programs/p.md': '---\nid: xs-p\ntitle: P\nparent: accounting\ncip: ["52.0302", "268888"]\n---\n' },
    expect: [{ file: 'programs/p.md', line: 5, column: 18, endLine: 5, endColumn: 26 }],
  },
};

/** Ids the directory listing and the loader report: they need a real folder (rules-listing.test.ts). */
export const listingCases = ['symlink', 'not-a-file', 'unexpected-file', 'unreadable', 'overlay-base'] as const;
