import type { Severity } from './types.js';

/** What a message is filled with: the field, the text as written, and the line to type instead. */
export interface MistakeVars {
  key: string;
  /** The offending text, as written. */
  text: string;
  /** The corrected line (or value) to type instead. */
  fix: string;
  /** The field a slipped line belongs inside (`provenance`, `soc`). */
  parent?: string;
  /** Indentation found and expected, for the indentation mistakes. */
  actual?: number;
  expected?: number;
}

/**
 * One mistake an editor makes in frontmatter: how ccf words it, and a checked example. `example` and `fixed` are
 * the frontmatter lines of a sub-cluster file (between the `---` fences); `at` is where the message points, as
 * line and column of the whole file (the opening `---` is line 1). A test lints every example and its fix.
 */
export interface Mistake {
  /** Permanent kebab-case id: the anchor of the entry on docs/common-mistakes.md. */
  id: string;
  /** The mistake in a few words, for people. */
  title: string;
  ruleId: string;
  severity: Severity;
  example: string;
  fixed: string;
  /** Where the diagnostic points in the example; undefined when ccf reads the example as meant. */
  at: { line: number; column: number } | undefined;
  /** Message and hint, for the mistakes the YAML reader finds (the schema words its own). */
  message?: (v: MistakeVars) => string;
  hint?: (v: MistakeVars) => string;
}

const SUB = 'id: accounting\n';
const PROV = 'provenance:\n  status: VERIFIED\n';
const plural = (n: number | undefined): string => `${n} space${n === 1 ? '' : 's'}`;

/** The catalogue: every mistake ccf explains in plain words. docs/common-mistakes.md is written from it. */
export const mistakes: Mistake[] = [
  {
    id: 'colon-in-value',
    title: 'A colon inside an unquoted value',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Banking: Credit\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "Banking: Credit"\norder: 1\n${PROV}`,
    at: { line: 3, column: 15 },
    message: (v) => `Unexpected colon in the value of \`${v.key}\`, expected a value with a colon to be in quotes`,
    hint: (v) => `A colon inside a ${v.key} must be in quotes: \`${v.fix}\``,
  },
  {
    id: 'hash-in-value',
    title: 'A ` #` inside an unquoted value (YAML drops the rest)',
    ruleId: 'yaml-misread',
    severity: 'warning',
    example: `${SUB}title: Banking & Credit #1 sub-cluster\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "Banking & Credit #1 sub-cluster"\norder: 1\n${PROV}`,
    at: { line: 3, column: 25 },
    message: (v) =>
      `Unexpected comment \`${v.text}\` in the value of \`${v.key}\`, expected the text to be kept (YAML drops everything from \` #\`)`,
    hint: (v) => `Put the value in quotes to keep the \`#\`: \`${v.fix}\``,
  },
  {
    id: 'missing-space-after-colon',
    title: 'No space after the colon',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title:Banking\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Banking\norder: 1\n${PROV}`,
    at: { line: 3, column: 7 },
    message: (v) => `Unexpected \`${v.text}\` without a space after the colon, expected \`${v.key}: …\``,
    hint: (v) => `Type a space after the colon: \`${v.fix}\``,
  },
  {
    id: 'indent-too-deep',
    title: 'A line indented further than the line it belongs with',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}   note: From the 2024 framework\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}  note: From the 2024 framework\n`,
    at: { line: 7, column: 1 },
    message: (v) =>
      `Unexpected indentation of ${plural(v.actual)} before \`${v.key}\`, expected ${plural(v.expected)} to line up with \`${v.text}\``,
    hint: (v) => `Indent it as the line it belongs with: \`${v.fix}\``,
  },
  {
    id: 'indent-too-shallow',
    title: 'A line indented less than the line it belongs with',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n   title: Accountants and Auditors\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n    title: Accountants and Auditors\n`,
    at: { line: 9, column: 1 },
    message: (v) =>
      `Unexpected indentation of ${plural(v.actual)} before \`${v.key}\`, expected ${plural(v.expected)} to line up with \`${v.text}\``,
    hint: (v) => `Indent it as the line it belongs with: \`${v.fix}\``,
  },
  // Indentation slips YAML reads without an error, but not as meant: found on the parsed document (indent-slips.ts).
  {
    id: 'field-not-indented',
    title: 'A field written at the indentation of the field it belongs under',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\nprovenance:\nstatus: VERIFIED\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 6, column: 1 },
    message: (v) =>
      `Unexpected \`${v.key}\` at the indentation of \`${v.parent}:\`, expected it indented under \`${v.parent}:\` (YAML reads \`${v.parent}\` as empty and \`${v.key}\` as a field of its own)`,
    hint: (v) => `Indent it two spaces under \`${v.parent}:\`: \`${v.fix}\``,
  },
  {
    id: 'list-not-indented',
    title: 'The items of a list written at the indentation of its key',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\ncode: "13-2011.00"\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n`,
    at: { line: 8, column: 1 },
    message: (v) =>
      `Unexpected \`${v.key}\` at the indentation of \`${v.parent}:\`, expected it in an item of the list under \`${v.parent}:\` (YAML reads \`${v.parent}\` as empty and \`${v.key}\` as a field of its own)`,
    hint: (v) => `Indent it under \`${v.parent}:\`, each item starting with \`- \`: \`${v.fix}\``,
  },
  {
    id: 'field-outdented',
    title: 'The last field of a block moved back to the left',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}note: From the 2024 framework\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}  note: From the 2024 framework\n`,
    at: { line: 7, column: 1 },
    message: (v) =>
      `Unexpected \`${v.key}\` at the indentation of \`${v.parent}:\`, expected it lined up with \`${v.text}\` above (\`${v.key}\` is a field of \`${v.parent}\`)`,
    hint: (v) => `Indent it like the line above: \`${v.fix}\``,
  },
  {
    id: 'item-field-outdented',
    title: 'A field of a list item moved back to the left',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\ntitle: Accountants and Auditors\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n    title: Accountants and Auditors\n`,
    at: { line: 9, column: 1 },
    message: (v) =>
      `Unexpected \`${v.key}\` at the indentation of \`${v.parent}:\`, expected it lined up with \`${v.text}\` above (\`${v.key}\` is a field of the last item of \`${v.parent}\`)`,
    hint: (v) => `Indent it like the line above: \`${v.fix}\``,
  },
  {
    id: 'list-item-outdented',
    title: 'A list item moved back to the left, without its `- `',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\ncode: "13-2082.00"\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n  - code: "13-2082.00"\n`,
    at: { line: 9, column: 1 },
    message: (v) =>
      `Unexpected \`${v.key}\` at the indentation of \`${v.parent}:\`, expected a new item of the list under \`${v.parent}:\` (the item above already has \`${v.key}\`)`,
    hint: (v) => `Indent it like the item above and start it with \`- \`: \`${v.fix}\``,
  },
  {
    id: 'indented-first-key',
    title: 'A field indented under a field that has a value',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB} title: Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 3, column: 1 },
    message: (v) =>
      `Unexpected indentation of ${plural(v.actual)} before \`${v.key}\`, expected ${plural(v.expected)} to line up with \`${v.text}\``,
    hint: (v) => `Indent it as the line it belongs with: \`${v.fix}\``,
  },
  {
    id: 'tab-indent',
    title: 'A tab used for indentation',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\nprovenance:\n\tstatus: VERIFIED\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 6, column: 1 },
    message: () => 'Unexpected tab in the indentation, expected spaces',
    hint: (v) => `YAML counts spaces only; type spaces instead of the tab: \`${v.fix}\``,
  },
  {
    id: 'unclosed-quote',
    title: 'A quote opened and never closed',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: "Banking and Credit\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "Banking and Credit"\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) =>
      `Unexpected opening ${v.text} without a closing ${v.text} on the same line, expected the value of \`${v.key}\` to end with ${v.text}`,
    hint: (v) => `Close the quote at the end of the value: \`${v.fix}\``,
  },
  {
    id: 'curly-quotes',
    title: 'Curly quotes (“…”) from a word processor',
    ruleId: 'yaml-misread',
    severity: 'warning',
    example: `${SUB}title: “Banking and Credit”\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Banking and Credit\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) =>
      `Unexpected curly quote \`${v.text}\` in the value of \`${v.key}\`, expected straight quotes \`"\` (YAML keeps curly ones as part of the text)`,
    hint: (v) => `Type straight quotes, or none: \`${v.fix}\``,
  },
  {
    id: 'curly-quotes-with-colon',
    title: 'Curly quotes around a value with a colon',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: “Banking: Credit”\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "Banking: Credit"\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) => `Unexpected curly quote \`${v.text}\` around the value of \`${v.key}\`, expected straight quotes \`"\``,
    hint: (v) => `A colon inside a ${v.key} must be in straight quotes: \`${v.fix}\``,
  },
  {
    id: 'link-on-one-line',
    title: 'A SOC link written on one line',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: 13-2011.00 title: Accountants and Auditors\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: 13-2011.00\n    title: Accountants and Auditors\n`,
    at: { line: 8, column: 22 },
    message: (v) => `Unexpected \`${v.text}:\` on the same line as \`${v.key}:\`, expected each field on its own line`,
    hint: (v) => `Put \`${v.text}:\` on the next line, lined up under \`${v.key}:\`: \`${v.fix}\``,
  },
  {
    id: 'list-item-missing-dash',
    title: 'A list item without its `- `',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n  code: "13-2082.00"\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-2011.00"\n  - code: "13-2082.00"\n`,
    at: { line: 9, column: 3 },
    message: (v) => `Unexpected \`${v.key}:\` among the items of a list without \`- \`, expected a new item \`- ${v.key}: …\``,
    hint: (v) => `Each item of a list starts with a dash and a space: \`${v.fix}\``,
  },
  {
    id: 'non-breaking-space',
    title: 'A pasted non-breaking space',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title:\u00a0Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 3, column: 7 },
    message: (v) => `Unexpected ${v.text}, expected a plain space`,
    hint: (v) => `Delete it and type a normal space (it came with pasted text): \`${v.fix}\``,
  },
  {
    id: 'apostrophe-in-single-quotes',
    title: 'An apostrophe inside single quotes',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: 'Banker's Guide'\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "Banker's Guide"\norder: 1\n${PROV}`,
    at: { line: 3, column: 15 },
    message: (v) =>
      `Unexpected apostrophe inside the single quotes of \`${v.key}\`, expected it written twice (\`''\`) or the value in double quotes`,
    hint: (v) => `Use double quotes around a value with an apostrophe: \`${v.fix}\``,
  },
  {
    id: 'text-after-quote',
    title: 'Text after the closing quote',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: "Banking" and Credit\norder: 1\n${PROV}`,
    fixed: `${SUB}title: '"Banking" and Credit'\norder: 1\n${PROV}`,
    at: { line: 3, column: 18 },
    message: (v) => `Unexpected text \`${v.text}\` after the closing quote of \`${v.key}\`, expected the quotes around the whole value`,
    hint: (v) => `Quote the whole value (single quotes keep the double ones): \`${v.fix}\``,
  },
  {
    id: 'reserved-first-character',
    title: 'A value starting with `@`, `` ` `` or `%`',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: "@Home Services"\naliases:\n  - @Home\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "@Home Services"\naliases:\n  - "@Home"\norder: 1\n${PROV}`,
    at: { line: 5, column: 5 },
    message: (v) =>
      `Unexpected \`${v.text}\` at the start of ${v.key === '-' ? 'a list item' : `the value of \`${v.key}\``}, expected the value in quotes (YAML reserves \`${v.text}\`)`,
    hint: (v) => `Put the value in quotes: \`${v.fix}\``,
  },
  {
    id: 'anchor-alias-tag',
    title: 'A value starting with `*`, `&` or `!`',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: *Star Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "*Star Accounting"\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) =>
      `Unexpected \`${v.text}\` at the start of ${v.key === '-' ? 'a list item' : `the value of \`${v.key}\``}, expected the value in quotes (YAML reads \`${v.text}\` as an anchor, alias or tag)`,
    hint: (v) => `Put the value in quotes: \`${v.fix}\``,
  },
  {
    id: 'bracket-first',
    title: 'A value starting with `[` or `{`',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: [Draft] Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "[Draft] Accounting"\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) =>
      `Unexpected \`${v.text}\` at the start of the value of \`${v.key}\`, expected the value in quotes (YAML reads \`${v.text}\` as the start of a list or mapping)`,
    hint: (v) => `Put the value in quotes: \`${v.fix}\``,
  },
  {
    id: 'block-indicator-first',
    title: 'A value starting with `|` or `>`',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: > Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: "> Accounting"\norder: 1\n${PROV}`,
    at: { line: 3, column: 8 },
    message: (v) =>
      `Unexpected \`${v.text}\` at the start of the value of \`${v.key}\`, expected the value in quotes (YAML reads \`${v.text}\` as the start of a text block)`,
    hint: (v) => `Put the value in quotes: \`${v.fix}\``,
  },
  {
    id: 'backslash-in-double-quotes',
    title: 'A backslash inside double quotes',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: "Accounting\\Auditing"\norder: 1\n${PROV}`,
    fixed: `${SUB}title: 'Accounting\\Auditing'\norder: 1\n${PROV}`,
    at: { line: 3, column: 19 },
    message: (v) =>
      `Unexpected \`${v.text}\` inside the double quotes of \`${v.key}\`, expected a backslash only before a YAML escape such as \`\\"\``,
    hint: (v) => `Use single quotes, which keep a backslash as it is: \`${v.fix}\``,
  },
  {
    id: 'value-broken-over-lines',
    title: 'A value continued on a line of its own',
    ruleId: 'yaml-syntax',
    severity: 'error',
    example: `${SUB}title: Accounting and\nAuditing\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting and Auditing\norder: 1\n${PROV}`,
    at: { line: 4, column: 1 },
    message: (v) => `Unexpected text \`${v.text}\` on a line without a key, expected \`key: value\` (is it the rest of \`${v.key}\`?)`,
    hint: (v) => `Keep a value on one line: \`${v.fix}\``,
  },
  // Found by the schema, after YAML has read the file: the wording lives in schema.ts.
  {
    id: 'duplicate-key',
    title: 'The same key twice',
    ruleId: 'duplicate-key',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\ntitle: Accounting and Auditing\n${PROV}`,
    fixed: `${SUB}title: Accounting and Auditing\norder: 1\n${PROV}`,
    at: { line: 5, column: 1 },
  },
  {
    id: 'key-wrong-case',
    title: 'A key with a capital letter',
    ruleId: 'unknown-key',
    severity: 'error',
    example: `${SUB}Title: Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 3, column: 1 },
  },
  {
    id: 'key-typo',
    title: 'A misspelled key',
    ruleId: 'unknown-key',
    severity: 'error',
    example: `${SUB}tilte: Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 3, column: 1 },
  },
  {
    id: 'empty-value',
    title: 'A key with nothing after the colon',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title:\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 3, column: 7 },
  },
  {
    id: 'code-read-as-number',
    title: 'A code YAML reads as a number',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}cip:\n  - code: 52.0301\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}cip:\n  - code: "52.0301"\n`,
    at: { line: 8, column: 11 },
  },
  {
    id: 'order-not-whole',
    title: 'An order like `1.10`',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1.10\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 10\n${PROV}`,
    at: { line: 4, column: 8 },
  },
  {
    id: 'order-in-quotes',
    title: 'A number in quotes',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: "1"\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 4, column: 8 },
  },
  {
    id: 'yes-no-boolean',
    title: '`yes`, `no`, `on` or `off` where ccf expects `true` or `false`',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-1020"\n    epGrouping: yes\n`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}soc:\n  - code: "13-1020"\n    epGrouping: true\n`,
    at: { line: 9, column: 17 },
  },
  {
    id: 'list-where-text-expected',
    title: 'A list where ccf expects one value',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title:\n  - Accounting\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\norder: 1\n${PROV}`,
    at: { line: 4, column: 3 },
  },
  {
    id: 'text-where-list-expected',
    title: 'One value where ccf expects a list',
    ruleId: 'wrong-type',
    severity: 'error',
    example: `${SUB}title: Accounting\naliases: Bookkeeping\norder: 1\n${PROV}`,
    fixed: `${SUB}title: Accounting\naliases:\n  - Bookkeeping\norder: 1\n${PROV}`,
    at: { line: 4, column: 10 },
  },
];
