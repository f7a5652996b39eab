import { siteBaseUrl } from '@ccf/core';
import { parseDocument } from 'yaml';
import type { ChangeSet, CrosswalkRow } from '../types.js';

export interface SssomOptions {
  /** Base of identifiers: `ccf:<id>` expands to `<baseUrl>id/<id>`. Default: the first usable `baseUrl` of the new, then the old version, else DEFAULT_BASE_URL. */
  baseUrl?: string;
  /** License URL of the mapping set (SSSOM requires one). Default CC BY 4.0. */
  license?: string;
}

/** One SSSOM mapping (only the slots ccf fills), in the Mapping class's slot order. */
export interface SssomMapping {
  subject_id: string;
  subject_label?: string;
  predicate_id: string;
  object_id: string;
  object_label?: string;
  mapping_justification: string;
  mapping_cardinality: string;
  comment: string;
}

/** An SSSOM mapping set (the slots ccf fills), in the MappingSet class's slot order. */
export interface SssomMappingSet {
  curie_map: Record<string, string>;
  mapping_set_id: string;
  mapping_set_version: string;
  mapping_set_title: string;
  mapping_set_description: string;
  license: string;
  subject_source: string;
  subject_source_version: string;
  object_source: string;
  object_source_version: string;
  mapping_tool: string;
  comment: string;
  mappings: SssomMapping[];
}

const NO_TERM = 'sssom:NoTermFound';

/** Every prefix ccf may use, with its expansion; the built-in ones as the SSSOM spec fixes them. */
function prefixes(b: string): Record<string, string> {
  return {
    ccf: `${b}id/`,
    ccfrelease: `${b}releases/`,
    semapv: 'https://w3id.org/semapv/vocab/',
    skos: 'http://www.w3.org/2004/02/skos/core#',
    sssom: 'https://w3id.org/sssom/',
  };
}

function base(cs: ChangeSet, options: SssomOptions): string {
  return siteBaseUrl(options.baseUrl, cs.to.baseUrl, cs.from.baseUrl);
}

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP); tab and CR never
// reach this point (`oneLine` made them spaces).
const FORMULA_START = /^[=+\-@]/;

/**
 * A free-text value as SSSOM carries it: on one line (tabs and line breaks, which SSSOM/TSV would have to quote
 * and line-based tools split on, become spaces; so do the other control characters and U+2028/U+2029, which some
 * readers take as line ends), and with a leading `'` when a spreadsheet opening the TSV would run it as a formula
 * (as in the CSV files). The guard is part of the value, in the TSV and in the JSON form alike, so that every SSSOM
 * reader gets the same label from either; framework.json has the exact title.
 */
function text(s: string): string {
  const line = s.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ');
  return FORMULA_START.test(line) ? `'${line}` : line;
}

const GUARD_NOTE =
  "A label or comment that would start with =, +, - or @ is written with a leading ' so that spreadsheets do not run it as a formula; framework.json has the exact title.";

/** The row in words: relation, then the share of the old node (SSSOM has no slot for it), then why. */
function comment(r: CrosswalkRow): string {
  const share =
    r.share !== null && r.share !== undefined && r.share < 1
      ? `${r.partial ? 'partial, ' : ''}${Math.round(r.share * 100)}% of the subject by ${r.shareBasis}${r.primary ? ', primary successor' : ''}`
      : '';
  return text(
    [`${r.nodeType} ${r.relation}`, share, r.caseAssociation ? `CASE ${r.caseAssociation}` : '', r.reason ?? ''].filter(Boolean).join('; '),
  );
}

/**
 * The crosswalk as an SSSOM mapping set (the data; `renderCrosswalkSssom` writes it as SSSOM/TSV): one mapping per
 * crosswalk row. A new node maps from, and a retired node to, `sssom:NoTermFound`; lineage is the editors'
 * (`semapv:ManualMappingCuration`). Every identifier is a CURIE whose prefix is in `curie_map` (built-in ones
 * included, for readers that predate SSSOM's built-in prefixes); the sources are the two releases
 * (`ccfrelease:<version>`), stated once for the set as SSSOM's propagatable slots allow.
 */
export function toSssomMappingSet(cs: ChangeSet, options: SssomOptions = {}): SssomMappingSet {
  const b = base(cs, options);
  const mappings: SssomMapping[] = cs.crosswalk.map((r) => ({
    subject_id: r.fromId !== null ? `ccf:${r.fromId}` : NO_TERM,
    ...(r.fromTitle !== null ? { subject_label: text(r.fromTitle) } : {}),
    predicate_id: `skos:${r.skos || 'exactMatch'}`,
    object_id: r.toId !== null ? `ccf:${r.toId}` : NO_TERM,
    ...(r.toTitle !== null ? { object_label: text(r.toTitle) } : {}),
    mapping_justification: 'semapv:ManualMappingCuration',
    mapping_cardinality: r.cardinality,
    comment: comment(r),
  }));
  const all = prefixes(b);
  // Only the prefixes in use, sorted (as a canonical SSSOM/TSV writer does): `sssom` only with a NoTermFound.
  const used = new Set([
    'ccfrelease',
    'semapv',
    'skos',
    ...mappings.flatMap((m) => [m.subject_id, m.object_id].map((id) => id.split(':')[0]!)),
  ]);
  return {
    curie_map: Object.fromEntries(
      Object.entries(all)
        .filter(([p]) => used.has(p))
        .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0)),
    ),
    mapping_set_id: `${b}crosswalk/${encodeURIComponent(cs.from.version)}/${encodeURIComponent(cs.to.version)}`,
    mapping_set_version: cs.to.version,
    mapping_set_title: text(`${cs.to.title}: crosswalk from ${cs.from.label} (${cs.from.version}) to ${cs.to.label} (${cs.to.version})`),
    mapping_set_description: text(
      `Every node of ${cs.from.label} mapped to the nodes that continue it in ${cs.to.label}, computed by ccf diff from ids and derivedFrom.`,
    ),
    license: options.license ?? 'https://creativecommons.org/licenses/by/4.0/',
    subject_source: `ccfrelease:${cs.from.version}`,
    subject_source_version: cs.from.version,
    object_source: `ccfrelease:${cs.to.version}`,
    object_source_version: cs.to.version,
    mapping_tool: 'ccf diff',
    comment: GUARD_NOTE,
    mappings,
  };
}

/** The columns, in the order of the Mapping class's slots (SSSOM/TSV's canonical order). */
const TSV_COLUMNS = [
  'subject_id',
  'subject_label',
  'predicate_id',
  'object_id',
  'object_label',
  'mapping_justification',
  'mapping_cardinality',
  'comment',
] as const satisfies readonly (keyof SssomMapping)[];

/** The metadata slots, in the order of the MappingSet class's slots, `curie_map` first (canonical order). */
const METADATA_SLOTS = [
  'mapping_set_id',
  'mapping_set_version',
  'mapping_set_title',
  'mapping_set_description',
  'license',
  'subject_source',
  'subject_source_version',
  'object_source',
  'object_source_version',
  'mapping_tool',
  'comment',
] as const satisfies readonly (keyof SssomMappingSet)[];

/** A TSV value, quoted (SSSOM/TSV's quoting rules, after RFC 4180) when it holds a double quote. */
function tsv(s: string | undefined): string {
  const v = s ?? '';
  return v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A YAML scalar on one line: plain when YAML 1.2 and 1.1 readers (PyYAML) both read it back as this very string,
 * as a canonical SSSOM/TSV writer does; otherwise double-quoted. JSON escapes control characters but not
 * U+2028/U+2029, which some readers take as line ends: a title holding one would end the `#` comment and start a
 * forged row.
 */
function yamlScalar(s: string): string {
  if (plainReadsBack(s)) return s;
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function plainReadsBack(s: string): boolean {
  if (s === '' || s !== s.trim() || /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}#]|: |:$|^[-?:,[\]{}&*!|>'"%@`]/u.test(s)) return false;
  for (const version of ['1.1', '1.2'] as const) {
    const doc = parseDocument(`k: ${s}`, { version });
    if (doc.errors.length || doc.warnings.length || doc.get('k') !== s) return false;
  }
  return true;
}

/**
 * The crosswalk as SSSOM/TSV: the mapping set's metadata as a `#`-prefixed YAML block (`curie_map` first, then
 * the MappingSet slots in the spec's order), a header, one row per mapping in crosswalk order (the CSV's order,
 * not SSSOM's canonical sort, so the two files read side by side). Free text is guarded as `toSssomMappingSet`
 * says.
 */
export function renderCrosswalkSssom(cs: ChangeSet, options: SssomOptions = {}): string {
  const set = toSssomMappingSet(cs, options);
  const meta: string[] = ['curie_map:'];
  for (const [k, v] of Object.entries(set.curie_map)) meta.push(`  ${k}: ${yamlScalar(v)}`);
  for (const k of METADATA_SLOTS) meta.push(`${k}: ${yamlScalar(set[k])}`);
  const lines = meta.map((l) => `#${l}`);
  lines.push(TSV_COLUMNS.join('\t'));
  for (const m of set.mappings) lines.push(TSV_COLUMNS.map((c) => tsv(m[c])).join('\t'));
  return lines.join('\n') + '\n';
}
