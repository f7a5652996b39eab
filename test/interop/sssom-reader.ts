// A strict SSSOM/TSV reader written from the specification (mapping-commons SSSOM 1.0/1.1: "The SSSOM/TSV
// serialisation format" and the LinkML model sssom_schema.yaml), for tests. No maintained SSSOM reader is published
// on npm, so this one stands in for sssom-py and sssom-java: it refuses what the spec says a parser MUST refuse
// (undeclared prefixes, identifiers written as IRIs, a byte order mark, forbidden YAML features, stray comments,
// empty lines, bad quoting) and, stricter than the spec, unknown metadata keys and unknown columns (a reader without
// extension support drops them; here they are errors so that a typo cannot go unnoticed).
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';

/** The built-in prefixes (spec: "IRI prefixes"): they may be left out of curie_map, and must not be redefined. */
export const BUILT_IN_PREFIXES: Readonly<Record<string, string>> = {
  owl: 'http://www.w3.org/2002/07/owl#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  semapv: 'https://w3id.org/semapv/vocab/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  sssom: 'https://w3id.org/sssom/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  linkml: 'https://w3id.org/linkml/',
};

/** The slots of the MappingSet class, in the order of its "Slots" table (the canonical order). */
export const MAPPING_SET_SLOTS = [
  'sssom_version',
  'curie_map',
  'mappings',
  'mapping_set_id',
  'mapping_set_version',
  'mapping_set_source',
  'mapping_set_title',
  'mapping_set_description',
  'mapping_set_confidence',
  'creator_id',
  'creator_label',
  'license',
  'subject_type',
  'subject_source',
  'subject_source_version',
  'object_type',
  'object_source',
  'object_source_version',
  'predicate_type',
  'mapping_provider',
  'cardinality_scope',
  'mapping_tool',
  'mapping_tool_id',
  'mapping_tool_version',
  'mapping_date',
  'publication_date',
  'subject_match_field',
  'object_match_field',
  'subject_preprocessing',
  'object_preprocessing',
  'similarity_measure',
  'curation_rule',
  'curation_rule_text',
  'see_also',
  'issue_tracker',
  'other',
  'comment',
  'extension_definitions',
] as const;

/** The slots of the Mapping class, in the order of its "Slots" table (the canonical column order). */
export const MAPPING_SLOTS = [
  'record_id',
  'subject_id',
  'subject_label',
  'subject_category',
  'predicate_id',
  'predicate_label',
  'predicate_modifier',
  'object_id',
  'object_label',
  'object_category',
  'mapping_justification',
  'author_id',
  'author_label',
  'reviewer_id',
  'reviewer_label',
  'creator_id',
  'creator_label',
  'license',
  'subject_type',
  'subject_source',
  'subject_source_version',
  'object_type',
  'object_source',
  'object_source_version',
  'predicate_type',
  'mapping_provider',
  'mapping_source',
  'mapping_cardinality',
  'cardinality_scope',
  'mapping_tool',
  'mapping_tool_id',
  'mapping_tool_version',
  'mapping_date',
  'publication_date',
  'review_date',
  'confidence',
  'curation_rule',
  'curation_rule_text',
  'subject_match_field',
  'object_match_field',
  'match_string',
  'subject_preprocessing',
  'object_preprocessing',
  'similarity_score',
  'similarity_measure',
  'see_also',
  'issue_tracker_item',
  'other',
  'comment',
] as const;

/** Slots whose range is EntityReference: written as CURIEs in SSSOM/TSV. */
const ENTITY_REFERENCE = new Set([
  'record_id',
  'subject_id',
  'predicate_id',
  'object_id',
  'mapping_justification',
  'author_id',
  'reviewer_id',
  'creator_id',
  'subject_source',
  'object_source',
  'mapping_source',
  'mapping_tool_id',
  'curation_rule',
  'subject_match_field',
  'object_match_field',
  'subject_preprocessing',
  'object_preprocessing',
  'issue_tracker_item',
]);

/** Slots whose range is NonRelativeURI: absolute IRIs, never CURIEs. */
const NON_RELATIVE_URI = new Set(['mapping_set_id', 'mapping_set_source', 'license', 'mapping_provider', 'see_also', 'issue_tracker']);

const MULTIVALUED = new Set([
  'creator_id',
  'creator_label',
  'author_id',
  'author_label',
  'reviewer_id',
  'reviewer_label',
  'curation_rule',
  'curation_rule_text',
  'subject_match_field',
  'object_match_field',
  'subject_preprocessing',
  'object_preprocessing',
  'see_also',
  'mapping_set_source',
]);

const DOUBLE = new Set(['confidence', 'similarity_score', 'mapping_set_confidence']);
const CARDINALITIES = new Set(['1:1', '1:n', 'n:1', 'n:n', '1:0', '0:1', '0:0']);
const JUSTIFICATION =
  /^semapv:(MappingReview|ManualMappingCuration|LogicalReasoning|LexicalMatching|CompositeMatching|UnspecifiedMatching|SemanticSimilarityThresholdMatching|LexicalSimilarityThresholdMatching|MappingChaining|MappingInversion|StructuralMatching|InstanceBasedMatching|BackgroundKnowledgeBasedMatching)$/;
// An XML NCName, as prefix names must be (LinkML `ncname`), restricted to ASCII.
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export interface SssomProblem {
  line: number;
  message: string;
}

export interface SssomReadResult {
  /** The mapping set as SSSOM/JSON data (slots as in sssom.schema.json), when the file could be read. */
  set: Record<string, unknown> & { curie_map: Record<string, string>; mappings: Record<string, unknown>[] };
  /** What the spec forbids. Empty for a valid file. */
  errors: SssomProblem[];
  /** What a canonical SSSOM/TSV writer would have done differently (readers must not reject for these). */
  notCanonical: SssomProblem[];
}

/** Reads one SSSOM/TSV file (embedded metadata mode). */
export function readSssomTsv(text: string): SssomReadResult {
  const errors: SssomProblem[] = [];
  const notCanonical: SssomProblem[] = [];
  const fail = (line: number, message: string): void => void errors.push({ line, message });
  if (text.startsWith('\uFEFF')) fail(1, 'Unexpected byte order mark: SSSOM/TSV files must not start with one');
  if (text.includes('\r')) notCanonical.push({ line: 1, message: 'line breaks other than U+000A' });

  const lines = text.split('\n');
  let n = 0;
  const meta: string[] = [];
  while (n < lines.length && lines[n]!.startsWith('#')) meta.push(lines[n++]!.slice(1));
  if (meta.length === 0) fail(1, 'Unexpected file without a metadata block');
  const indent = /^ */.exec(meta[0] ?? '')![0].length;
  if (indent) notCanonical.push({ line: 1, message: 'spaces between # and the YAML content' });
  meta.forEach((l, i) => {
    if (l.trim() === '') fail(i + 1, 'Unexpected empty line in the metadata block');
    else if (/^ */.exec(l)![0].length < indent || !l.startsWith(' '.repeat(indent)))
      fail(i + 1, 'Unexpected indentation: every metadata line must have the same number of spaces after #');
    else if (/^\s*#/.test(l.slice(indent))) fail(i + 1, 'Unexpected comment in the metadata block');
  });

  const set = readMetadata(meta.map((l) => l.slice(indent)).join('\n'), fail, notCanonical);
  const prefixes = { ...BUILT_IN_PREFIXES, ...set.curie_map };
  const curie = (slot: string, value: string, line: number): void => {
    const m = /^([^:]*):(.*)$/s.exec(value);
    if (!m) return fail(line, `Unexpected ${slot} \`${value}\`, expected a CURIE (prefix:local)`);
    const [, prefix, local] = m as unknown as [string, string, string];
    if (local.startsWith('//')) return fail(line, `Unexpected ${slot} \`${value}\`, an IRI: SSSOM/TSV identifiers must be CURIEs`);
    if (!NCNAME.test(prefix)) return fail(line, `Unexpected ${slot} \`${value}\`, expected a CURIE whose prefix is a name`);
    if (!(prefix in prefixes))
      return fail(line, `Unexpected prefix \`${prefix}\` in ${slot} \`${value}\`, expected one declared in curie_map`);
    if (local === '' || /\s/.test(local)) fail(line, `Unexpected ${slot} \`${value}\`, expected a CURIE with a local part and no space`);
  };
  const iri = (slot: string, value: string, line: number): void => {
    const scheme = SCHEME.exec(value)?.[0].slice(0, -1);
    if (!scheme || !URL.canParse(value) || /\s/.test(value)) fail(line, `Unexpected ${slot} \`${value}\`, expected an absolute IRI`);
    else if (scheme in prefixes) fail(line, `Unexpected ${slot} \`${value}\`, a CURIE: ${slot} must be a full IRI`);
  };
  const check = (slot: string, value: unknown, line: number): void => {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') continue;
      if (ENTITY_REFERENCE.has(slot)) curie(slot, v, line);
      if (NON_RELATIVE_URI.has(slot)) iri(slot, v, line);
      if (slot === 'mapping_justification' && !JUSTIFICATION.test(v))
        fail(line, `Unexpected mapping_justification \`${v}\`, expected a SEMAPV justification`);
      if (slot === 'mapping_cardinality' && !CARDINALITIES.has(v)) fail(line, `Unexpected mapping_cardinality \`${v}\``);
    }
  };
  for (const [k, v] of Object.entries(set)) if (k !== 'curie_map' && k !== 'mappings') check(k, v, 1);

  // The mappings block.
  const body = lines.slice(n).join('\n');
  const rows = parseRows(body, n + 1, fail);
  const header = rows.shift();
  if (!header) {
    fail(n + 1, 'Unexpected end of file, expected the header line of the mappings block');
    return { set, errors, notCanonical };
  }
  const columns = header.cells;
  const known = new Set<string>(MAPPING_SLOTS);
  const seen = new Set<string>();
  for (const c of columns) {
    if (!known.has(c)) fail(header.line, `Unexpected column \`${c}\`, expected a slot of the Mapping class`);
    if (seen.has(c)) fail(header.line, `Unexpected second column \`${c}\``);
    seen.add(c);
  }
  const order = columns.filter((c) => known.has(c));
  const canonical = [...order].sort((a, b) => MAPPING_SLOTS.indexOf(a as never) - MAPPING_SLOTS.indexOf(b as never));
  if (order.join() !== canonical.join())
    notCanonical.push({ line: header.line, message: `columns not in the Mapping slot order: ${order.join(', ')}` });
  for (const required of ['subject_id', 'predicate_id', 'object_id', 'mapping_justification'])
    if (!seen.has(required) && !(required in set)) fail(header.line, `Unexpected header without \`${required}\``);

  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      fail(row.line, `Unexpected ${row.cells.length} values, expected ${columns.length} (one per column)`);
      continue;
    }
    const mapping: Record<string, unknown> = {};
    row.cells.forEach((raw, i) => {
      const slot = columns[i]!;
      if (raw === '' || !known.has(slot)) return;
      const value: unknown = MULTIVALUED.has(slot) ? raw.split('|') : DOUBLE.has(slot) ? Number(raw) : raw;
      if (typeof value === 'number' && !Number.isFinite(value)) fail(row.line, `Unexpected ${slot} \`${raw}\`, expected a number`);
      check(slot, value, row.line);
      mapping[slot] = value;
    });
    for (const required of ['subject_id', 'predicate_id', 'object_id', 'mapping_justification'])
      if (!(required in mapping)) fail(row.line, `Unexpected mapping without ${required}`);
    set.mappings.push(mapping);
  }
  return { set, errors, notCanonical };
}

function readMetadata(
  yamlText: string,
  fail: (line: number, message: string) => void,
  notCanonical: SssomProblem[],
): SssomReadResult['set'] {
  const set: SssomReadResult['set'] = { curie_map: {}, mappings: [] };
  const doc = parseDocument(yamlText, { version: '1.2', uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : yamlText.slice(0, offset).split('\n').length);
  for (const e of doc.errors) fail(lineOf(e.pos[0]), `Unexpected YAML: ${e.code}`);
  if (doc.directives.docStart || yamlText.trimStart().startsWith('%')) fail(1, 'Unexpected YAML directive or document marker');
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) fail(lineOf(node.range?.[0]), 'Unexpected YAML alias');
      if ('anchor' in node && node.anchor) fail(lineOf(node.range?.[0]), 'Unexpected YAML anchor');
      if ('tag' in node && node.tag && /^!/.test(yamlText.slice(node.range?.[0] ?? 0).trimStart()))
        fail(lineOf(node.range?.[0]), 'Unexpected YAML tag');
    },
  });
  if (!isMap(doc.contents)) {
    fail(1, 'Unexpected metadata block, expected a YAML mapping of MappingSet slots');
    return set;
  }
  const known = new Set<string>(MAPPING_SET_SLOTS);
  const keys: string[] = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    keys.push(key);
    if (!known.has(key) || key === 'mappings') {
      fail(line, `Unexpected metadata key \`${key}\`, expected a slot of the MappingSet class`);
      continue;
    }
    const value = pair.value;
    if (key === 'curie_map') {
      if (!isMap(value)) {
        fail(line, 'Unexpected curie_map, expected a mapping of prefix names to IRI prefixes');
        continue;
      }
      for (const p of value.items) {
        const prefix = isScalar(p.key) ? String(p.key.value) : '';
        const expansion = isScalar(p.value) ? p.value.value : undefined;
        const at = lineOf(isScalar(p.key) ? p.key.range?.[0] : undefined);
        if (!NCNAME.test(prefix)) fail(at, `Unexpected prefix name \`${prefix}\`, expected an NCName`);
        if (typeof expansion !== 'string' || !SCHEME.test(expansion) || !URL.canParse(expansion))
          fail(at, `Unexpected expansion of \`${prefix}\`, expected an absolute IRI`);
        else if (prefix in BUILT_IN_PREFIXES && BUILT_IN_PREFIXES[prefix] !== expansion)
          fail(at, `Unexpected expansion of built-in prefix \`${prefix}\`: ${expansion}, expected ${BUILT_IN_PREFIXES[prefix]}`);
        if (typeof expansion === 'string') set.curie_map[prefix] = expansion;
      }
      const names = Object.keys(set.curie_map);
      if (names.join() !== [...names].sort().join()) notCanonical.push({ line, message: 'curie_map not sorted' });
      continue;
    }
    if (isSeq(value)) {
      if (!MULTIVALUED.has(key)) fail(line, `Unexpected list for ${key}, expected one value`);
      set[key] = value.items.map((i) => (isScalar(i) ? i.value : undefined));
    } else if (isScalar(value)) {
      const v = value.value;
      if (DOUBLE.has(key) ? typeof v !== 'number' : typeof v !== 'string')
        fail(line, `Unexpected ${key} ${JSON.stringify(v)}: expected a ${DOUBLE.has(key) ? 'number' : 'string'}`);
      set[key] = MULTIVALUED.has(key) ? [v] : v;
      if (value.type !== 'PLAIN' && typeof v === 'string' && plainIsSafe(key, v))
        notCanonical.push({ line, message: `${key} quoted where plain style would do` });
    } else fail(line, `Unexpected value for ${key}`);
  }
  for (const required of ['mapping_set_id', 'license'])
    if (!keys.includes(required)) fail(1, `Unexpected metadata without \`${required}\` (required)`);
  const order = keys.filter((k) => known.has(k));
  const want = [...order].sort((a, b) =>
    a === 'curie_map' ? -1 : b === 'curie_map' ? 1 : MAPPING_SET_SLOTS.indexOf(a as never) - MAPPING_SET_SLOTS.indexOf(b as never),
  );
  if (order.join() !== want.join()) notCanonical.push({ line: 1, message: `metadata not in MappingSet slot order: ${order.join(', ')}` });
  return set;
}

/** Whether `key: value` in plain style reads back as the same string. */
function plainIsSafe(key: string, value: string): boolean {
  const doc = parseDocument(`${key}: ${value}`, { version: '1.2' });
  return doc.errors.length === 0 && isMap(doc.contents) && doc.get(key) === value;
}

/** Splits the mappings block into rows of cells, following the spec's quoting rules (adapted from RFC 4180). */
function parseRows(body: string, firstLine: number, fail: (line: number, message: string) => void): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let line = firstLine;
  let i = 0;
  while (i < body.length) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (body[i] === '"') {
        i++;
        for (;;) {
          if (i >= body.length) {
            fail(start, 'Unexpected end of file inside a quoted value');
            break;
          }
          if (body[i] === '"' && body[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (body[i] === '"') {
            i++;
            break;
          } else {
            if (body[i] === '\n') line++;
            cell += body[i++];
          }
        }
        if (i < body.length && body[i] !== '\t' && body[i] !== '\n') fail(line, 'Unexpected character after a closing quote');
      } else {
        while (i < body.length && body[i] !== '\t' && body[i] !== '\n') cell += body[i++];
        if (cell.includes('"')) fail(line, `Unexpected double quote in an unquoted value \`${cell}\`: such values must be quoted`);
      }
      cells.push(cell);
      if (body[i] === '\t') {
        i++;
        continue;
      }
      break;
    }
    if (cells.length === 1 && cells[0] === '' && body[i] === '\n') fail(line, 'Unexpected empty line');
    else rows.push({ line: start, cells });
    if (body[i] === '\n') {
      i++;
      line++;
    }
  }
  return rows;
}
