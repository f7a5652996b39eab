import type { ChangeSet, CrosswalkRow } from '../types.js';

export interface SssomOptions {
  /** Base of identifiers: `ccf:<id>` expands to `<baseUrl>id/<id>`. Default: the new version's `baseUrl`. */
  baseUrl?: string;
  /** License URL of the mapping set (SSSOM requires one). Default CC BY 4.0. */
  license?: string;
}

/** One SSSOM mapping (only the slots ccf fills). */
export interface SssomMapping {
  subject_id: string;
  subject_label?: string;
  predicate_id: string;
  object_id: string;
  object_label?: string;
  mapping_justification: string;
  mapping_cardinality: string;
  subject_source: string;
  object_source: string;
  comment: string;
}

export interface SssomMappingSet {
  curie_map: Record<string, string>;
  mapping_set_id: string;
  mapping_set_version: string;
  mapping_set_title: string;
  mapping_set_description: string;
  license: string;
  mapping_tool: string;
  subject_source: string;
  subject_source_version: string;
  object_source: string;
  object_source_version: string;
  mappings: SssomMapping[];
}

const NO_TERM = 'sssom:NoTermFound';

function base(cs: ChangeSet, options: SssomOptions): string {
  const b = options.baseUrl ?? cs.to.baseUrl ?? cs.from.baseUrl ?? 'https://ccf.example.org/';
  return b.endsWith('/') ? b : `${b}/`;
}

function comment(r: CrosswalkRow): string {
  return [`${r.nodeType} ${r.relation}`, r.caseAssociation ? `CASE ${r.caseAssociation}` : '', r.reason ?? ''].filter(Boolean).join('; ');
}

/**
 * The crosswalk as an SSSOM mapping set (JSON form): one mapping per crosswalk row. A new node maps from, and a
 * retired node to, `sssom:NoTermFound`; lineage is the editors' (`semapv:ManualMappingCuration`).
 */
export function toSssomMappingSet(cs: ChangeSet, options: SssomOptions = {}): SssomMappingSet {
  const b = base(cs, options);
  const source = (v: ChangeSet['from']): string => `${b}releases/${v.version}`;
  return {
    curie_map: {
      ccf: `${b}id/`,
      skos: 'http://www.w3.org/2004/02/skos/core#',
      semapv: 'https://w3id.org/semapv/vocab/',
      sssom: 'https://w3id.org/sssom/',
    },
    mapping_set_id: `${b}crosswalk/${encodeURIComponent(cs.from.version)}/${encodeURIComponent(cs.to.version)}`,
    mapping_set_version: cs.to.version,
    mapping_set_title: `${cs.to.title}: crosswalk from ${cs.from.label} (${cs.from.version}) to ${cs.to.label} (${cs.to.version})`,
    mapping_set_description: `Every node of ${cs.from.label} mapped to the nodes that continue it in ${cs.to.label}, computed by ccf diff from ids and derivedFrom.`,
    license: options.license ?? 'https://creativecommons.org/licenses/by/4.0/',
    mapping_tool: 'ccf diff',
    subject_source: source(cs.from),
    subject_source_version: cs.from.version,
    object_source: source(cs.to),
    object_source_version: cs.to.version,
    mappings: cs.crosswalk.map((r) => ({
      subject_id: r.fromId !== null ? `ccf:${r.fromId}` : NO_TERM,
      ...(r.fromTitle !== null ? { subject_label: r.fromTitle } : {}),
      predicate_id: `skos:${r.skos || 'exactMatch'}`,
      object_id: r.toId !== null ? `ccf:${r.toId}` : NO_TERM,
      ...(r.toTitle !== null ? { object_label: r.toTitle } : {}),
      mapping_justification: 'semapv:ManualMappingCuration',
      mapping_cardinality: r.cardinality,
      subject_source: source(cs.from),
      object_source: source(cs.to),
      comment: comment(r),
    })),
  };
}

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

/**
 * A TSV cell: tabs and line breaks cannot be quoted in SSSOM/TSV, so they become spaces; so do the other control
 * characters and the Unicode line separators, which some readers (Python's `splitlines`) also take as line ends.
 */
function tsv(s: string | undefined): string {
  return (s ?? '').replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ');
}

/**
 * A double-quoted YAML scalar on one line. JSON escapes control characters but not U+2028/U+2029, which some
 * readers take as line ends: a title holding one would end the `#` comment and start a forged row.
 */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The crosswalk as SSSOM/TSV: the mapping set's metadata as a `#`-commented YAML block, then one row per mapping. */
export function renderCrosswalkSssom(cs: ChangeSet, options: SssomOptions = {}): string {
  const set = toSssomMappingSet(cs, options);
  const meta: string[] = ['curie_map:'];
  for (const [k, v] of Object.entries(set.curie_map)) meta.push(`  ${k}: ${yamlString(v)}`);
  for (const k of [
    'mapping_set_id',
    'mapping_set_version',
    'mapping_set_title',
    'mapping_set_description',
    'license',
    'mapping_tool',
    'subject_source',
    'subject_source_version',
    'object_source',
    'object_source_version',
  ] as const)
    meta.push(`${k}: ${yamlString(set[k])}`);
  const lines = meta.map((l) => `#${l}`);
  lines.push(TSV_COLUMNS.join('\t'));
  for (const m of set.mappings) lines.push(TSV_COLUMNS.map((c) => tsv(m[c])).join('\t'));
  return lines.join('\n') + '\n';
}
