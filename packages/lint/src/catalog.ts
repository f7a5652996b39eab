import { DEFAULT_BASE_URL, ruleDocsUrl } from '@ccf/core';
import type { CoreRuleInfo } from './types.js';

/**
 * Docs URL of a rule id: `docs/rules/<id>.md` of the repository, served under `baseUrl` (the framework's; without
 * one, ccf's own site, DEFAULT_BASE_URL).
 */
export function ruleUrl(id: string, baseUrl: string = DEFAULT_BASE_URL): string {
  return ruleDocsUrl(baseUrl, id);
}

/**
 * The diagnostic ids @ccf/core reports while listing, parsing and validating files. They are
 * errors by default (unless `severity` says otherwise) and can be re-levelled in `ccf.config.json` like any lint rule. A meta-test
 * checks that this list matches the ids used in core's source.
 */
export const coreRules: CoreRuleInfo[] = [
  { id: 'symlink', stage: 'listing', description: 'A symbolic link in the content folder (never followed).' },
  { id: 'not-a-file', stage: 'listing', description: 'A folder, FIFO, socket or device where a Markdown file is expected (`x.md`).' },
  { id: 'unexpected-file', stage: 'listing', description: 'A file or folder where the content layout has none.' },
  { id: 'unreadable', stage: 'load', description: 'A listed file that could not be read.' },
  { id: 'framework-missing', stage: 'load', description: '`framework.md` is missing from the content folder.' },
  { id: 'overlay-base', stage: 'load', description: "A state overlay's `extends:` names a version that does not exist or does not load." },
  {
    id: 'overlay-code',
    stage: 'load',
    description:
      "A program of study's CIP code that is neither an NCES CIP 2020 code nor the state's declared pseudo-code pattern; a bad `pseudoCip`; a region the state does not declare.",
  },
  {
    id: 'overlay-conflict',
    stage: 'load',
    description:
      'Two overlay files change the same node, or one hides and changes it; `kind` or `derivedFrom` on a national node; `hidden` on a state node.',
  },
  {
    id: 'overlay-namespace',
    stage: 'load',
    description: "A program id outside the state namespace (`xs-`) or already used; a base that already uses the state's namespace.",
  },
  {
    id: 'overlay-parent',
    stage: 'load',
    description: 'A re-parenting cycle, a parent of the wrong level or hidden, or a hidden cluster with visible sub-clusters.',
  },
  { id: 'overlay-state-node', stage: 'load', description: 'A state-only node without `kind`, `title` or (a sub-cluster) `parent`.' },
  {
    id: 'overlay-unknown-node',
    stage: 'load',
    description: 'An overlay id, `parent` or `derivedFrom` that names a node the base (and the overlay) does not have.',
  },
  { id: 'file-too-large', stage: 'parse', description: 'A file over 1 MiB, or frontmatter over 128 KiB.' },
  { id: 'encoding', stage: 'parse', description: 'A file that is not UTF-8 text (bad bytes, NUL bytes).' },
  { id: 'frontmatter-missing', stage: 'parse', description: 'The file does not start with a `---` frontmatter block.' },
  { id: 'frontmatter-unclosed', stage: 'parse', description: 'The frontmatter block has no closing `---` line.' },
  {
    id: 'yaml-syntax',
    stage: 'parse',
    description:
      'The frontmatter is not valid YAML, uses tags, aliases or nesting ccf refuses, or is indented so that YAML reads another shape.',
  },
  {
    id: 'yaml-misread',
    stage: 'parse',
    severity: 'warning',
    description: 'Valid YAML that does not say what it looks like: a ` #` that drops the rest of a value, curly quotes kept as text.',
  },
  { id: 'duplicate-key', stage: 'parse', description: 'A key appears twice in the same YAML mapping.' },
  { id: 'unknown-key', stage: 'schema', description: 'A property the schema does not define (with a "did you mean").' },
  { id: 'missing-key', stage: 'schema', description: 'A required property is missing.' },
  { id: 'wrong-type', stage: 'schema', description: 'A value of the wrong type (with "quote it" for numbers YAML misreads).' },
  { id: 'invalid-value', stage: 'schema', description: 'A value outside what the schema allows (enum, pattern, length, range).' },
  { id: 'duplicate-item', stage: 'schema', description: 'The same item twice in a list that must not repeat.' },
  { id: 'id-format', stage: 'schema', description: 'An id, or a file or folder name that would be one, that is not lowercase kebab-case.' },
  {
    id: 'soc-format',
    stage: 'schema',
    description:
      'A SOC code that is not an O*NET-SOC 2019 occupation `NN-NNNN.NN` or a SOC 2018 detailed occupation `NN-NNNN` (an Employment Projections grouping needs `epGrouping: true`).',
  },
  {
    id: 'cip-format',
    stage: 'schema',
    description: 'A CIP code that is not a valid NCES CIP 2020 code `NN.NNNN` (a moved or deleted code names its replacement).',
  },
];
