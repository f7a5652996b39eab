import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import { cipCodeProblem, socCodeProblem } from './codes.js';
import { codePointName, escapeInvisible, firstInvisible } from './escape.js';
import type { Diagnostic, FileKind, FieldPosition, PositionMap, Range } from './types.js';
import * as validators from './generated/validate-frontmatter.js';

/** The repository's `schemas/` folder (the same relative place from src/ and dist/). */
export const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));

/** Reads one of the repository's JSON Schemas by file name. */
/** The JSON Schema file (in `schemas/`) that each kind of content file is checked against. */
export const SCHEMA_FILES = {
  framework: 'framework.schema.json',
  cluster: 'cluster.schema.json',
  subcluster: 'subcluster.schema.json',
  overlay: 'overlay-framework.schema.json',
  'overlay-node': 'overlay-node.schema.json',
  program: 'program.schema.json',
} as const satisfies Record<FileKind, string>;

export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(schemasDir + name, 'utf8')) as Record<string, unknown>;
}

interface Compiled {
  validators: Record<FileKind, ValidateFunction>;
  schemas: Record<FileKind, Record<string, unknown>>;
  common: Record<string, unknown>;
}

let compiled: Compiled | undefined;

// The validators are compiled ahead of time (scripts/gen-types.mjs, ajv standalone code): compiling them here
// cost every process a quarter of a second. The schemas are still read, for the names of allowed keys.
function getCompiled(): Compiled {
  if (compiled) return compiled;
  const v = (f: unknown): ValidateFunction => f as ValidateFunction;
  compiled = {
    common: readSchema('common.schema.json'),
    schemas: {
      framework: readSchema(SCHEMA_FILES.framework),
      cluster: readSchema(SCHEMA_FILES.cluster),
      subcluster: readSchema(SCHEMA_FILES.subcluster),
      overlay: readSchema(SCHEMA_FILES.overlay),
      'overlay-node': readSchema(SCHEMA_FILES['overlay-node']),
      program: readSchema(SCHEMA_FILES.program),
    },
    validators: {
      framework: v(validators.framework),
      cluster: v(validators.cluster),
      subcluster: v(validators.subcluster),
      overlay: v(validators.overlay),
      'overlay-node': v(validators.overlayNode),
      program: v(validators.program),
    },
  };
  return compiled;
}

let keys: Set<string> | undefined;

/** Every property name the frontmatter schemas define: tells a second key on one line from a colon in text. */
export function schemaKeys(): ReadonlySet<string> {
  if (keys) return keys;
  keys = new Set();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const props = (node as Record<string, unknown>).properties;
    if (props && typeof props === 'object') for (const k of Object.keys(props)) keys!.add(k);
    Object.values(node).forEach(walk);
  };
  const { schemas, common } = getCompiled();
  walk(schemas);
  walk(common);
  return keys;
}

/** Property names the schema allows at a JSON pointer, for "expected one of" and "did you mean". */
export function allowedKeys(kind: FileKind, pointer: string): string[] {
  const { schemas, common } = getCompiled();
  let node: Record<string, unknown> | undefined = schemas[kind];
  const defs = (common.$defs ?? {}) as Record<string, Record<string, unknown>>;
  const deref = (s: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    const ref = s?.$ref;
    if (typeof ref === 'string') return defs[ref.split('/$defs/')[1] ?? ''];
    return s;
  };
  for (const segment of pointer.split('/').slice(1)) {
    node = deref(node);
    if (!node) return [];
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (/^\d+$/.test(segment) && node.items) node = node.items as Record<string, unknown>;
    else node = props?.[unescapePointer(segment)];
  }
  node = deref(node);
  return Object.keys((node?.properties as object | undefined) ?? {});
}

/** The allowed key an unknown one is most likely a misspelling of, if one is close enough. */
function guessKey(kind: FileKind, pointer: string, prop: string): string | undefined {
  const allowed = allowedKeys(kind, pointer);
  const guess = allowed.length ? closest(prop, allowed) : undefined;
  return guess !== undefined && distance(prop.toLowerCase(), guess.toLowerCase()) <= Math.max(2, prop.length / 3) ? guess : undefined;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Human wording for the patterns our schemas use, keyed by the last pointer segment. */
const patternHelp: Record<string, { ruleId: string; expected: string }> = {
  id: { ruleId: 'id-format', expected: 'lowercase kebab-case: a–z, 0–9 and single hyphens, e.g. `animal-systems`' },
  derivedFrom: { ruleId: 'id-format', expected: 'an id in lowercase kebab-case, e.g. `animal-systems`' },
  code: { ruleId: 'soc-format', expected: 'an O*NET-SOC code `NN-NNNN.NN` or a SOC code `NN-NNNN`, e.g. `11-9013.00`' },
  cip: { ruleId: 'cip-format', expected: 'a CIP 2020 code `NN.NNNN`, e.g. `01.0901`' },
  onet: { ruleId: 'invalid-value', expected: 'an O*NET cluster code `N.0000` (2002) or `GGCCSS` (2024), e.g. `1.0000` or `010100`' },
  version: { ruleId: 'invalid-value', expected: 'a semantic version in quotes, e.g. "1.0.0"' },
  edition: { ruleId: 'invalid-value', expected: 'a four-digit year in quotes, e.g. "2024"' },
  title: { ruleId: 'invalid-value', expected: 'text without leading or trailing spaces' },
  grouping: { ruleId: 'id-format', expected: 'a grouping id in lowercase kebab-case, e.g. `grouping-01`' },
  baseUrl: { ruleId: 'invalid-value', expected: 'the https URL where the site is deployed' },
};

function lastSegment(pointer: string): string {
  const segs = pointer.split('/');
  for (let i = segs.length - 1; i > 0; i--) {
    const s = segs[i] ?? '';
    if (!/^\d+$/.test(s)) return unescapePointer(s);
  }
  return '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function show(value: unknown): string {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = raw === undefined ? raw : escapeInvisible(raw);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + '…' : text;
}

function fieldName(pointer: string): string {
  return pointer === '' ? 'the frontmatter' : `\`${pointer.slice(1).replace(/\//g, '.')}\``;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const seg of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(seg)];
  }
  return node;
}

export interface SchemaContext {
  path: string;
  kind: FileKind;
  data: unknown;
  positions: PositionMap;
  /** Where to point when there is no better place (the opening fence). */
  fallback: Range;
  /** Source text of a value, to show what the author wrote (YAML may have read `1.10` as 1.1). */
  sourceOf: (pos: FieldPosition) => string;
}

/** Validates frontmatter against its schema; returns whether it passed and diagnostics with places. */
export function validateFrontmatter(ctx: SchemaContext): { valid: boolean; diagnostics: Diagnostic[] } {
  const validate = getCompiled().validators[ctx.kind];
  const valid = validate(ctx.data) as boolean;
  const listed = ctx.kind === 'subcluster' ? codeListDiagnostics(ctx) : [];
  if (valid) return { valid, diagnostics: listed };
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // A value of the wrong type fails its enum and pattern too: say only that the type is wrong.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // A misspelled key (`tilte`, `Title`) is one mistake: say "did you mean `title`", not also "missing `title`".
  const misspelled = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => `${e.instancePath}/${guessKey(ctx.kind, e.instancePath, String(e.params.additionalProperty)) ?? ''}`),
  );
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    if (error.keyword === 'required' && misspelled.has(`${error.instancePath}/${String(error.params.missingProperty)}`)) continue;
    // A bad key name inside `propertyNames` is reported once, by the `propertyNames` error.
    if (error.propertyName !== undefined) continue;
    const d = toDiagnostic(ctx, error);
    if (!d) continue;
    const key = `${d.line}:${d.column}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  // A code the schema already refused (wrong form, wrong type) is not looked up as well.
  const refused = new Set(diagnostics.map((d) => `${d.line}:${d.column}`));
  for (const d of listed) if (!refused.has(`${d.line}:${d.column}`)) diagnostics.push(d);
  return { valid, diagnostics };
}

const SOC_FORM = /^\d{2}-\d{4}(?:\.\d{2})?$/;
const CIP_FORM = /^\d{2}\.\d{4}$/;

/** Well-formed SOC and CIP codes checked against the bundled code lists (O*NET-SOC 2019, SOC 2018, CIP 2020). */
function codeListDiagnostics(ctx: SchemaContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const data = ctx.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object') return out;
  const items = (key: string): Record<string, unknown>[] =>
    Array.isArray(data[key])
      ? (data[key] as unknown[]).map((x) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {}))
      : [];
  const report = (pointer: string, ruleId: string, problem: { message: string; note: string } | undefined): void => {
    if (problem)
      out.push({ file: ctx.path, ...at(ctx, pointer, 'value'), ruleId, severity: 'error', message: problem.message, note: problem.note });
  };
  items('soc').forEach((item, i) => {
    // An `epGrouping` of the wrong type (`yes`) is reported by the schema; the code is not judged by a flag that failed.
    if (item.epGrouping !== undefined && typeof item.epGrouping !== 'boolean') return;
    if (typeof item.code === 'string' && SOC_FORM.test(item.code))
      report(`/soc/${i}/code`, 'soc-format', socCodeProblem(item.code, item.epGrouping === true));
  });
  items('cip').forEach((item, i) => {
    if (typeof item.code === 'string' && CIP_FORM.test(item.code)) report(`/cip/${i}/code`, 'cip-format', cipCodeProblem(item.code));
  });
  return out;
}

function at(ctx: SchemaContext, pointer: string, part: 'key' | 'value'): Range {
  let p = pointer;
  // Walk up until a recorded place is found: deep values may not be recorded.
  for (;;) {
    const pos = ctx.positions[p];
    if (pos) return (part === 'key' ? pos.key : undefined) ?? pos.value;
    if (p === '') return ctx.fallback;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function toDiagnostic(ctx: SchemaContext, error: ErrorObject): Diagnostic | undefined {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const make = (range: Range, ruleId: string, message: string, note?: string): Diagnostic => ({
    file: ctx.path,
    ...range,
    ruleId,
    severity: 'error',
    message,
    ...(note ? { note } : {}),
  });
  const kindName = {
    framework: 'framework.md',
    cluster: 'a cluster file',
    subcluster: 'a sub-cluster file',
    overlay: "an overlay's framework.md",
    'overlay-node': 'an overlay node file',
    program: 'a program of study file',
  }[ctx.kind];

  switch (error.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = allowedKeys(ctx.kind, pointer);
      const guess = guessKey(ctx.kind, pointer, prop);
      const close = guess !== undefined;
      const where = pointer === '' ? '' : ` in ${fieldName(pointer)}`;
      return make(
        at(ctx, `${pointer}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'key'),
        'unknown-key',
        `Unexpected property \`${prop}\`${where}, expected one of: ${allowed.join(', ')}`,
        close && guess.toLowerCase() === prop.toLowerCase()
          ? `Keys are written in lowercase: \`${guess}:\``
          : close
            ? `Did you mean \`${guess}\`?`
            : `Remove it, or check the spelling against the schema of ${kindName}.`,
      );
    }
    case 'required': {
      const prop = String(params.missingProperty);
      return make(
        at(ctx, pointer, 'key'),
        'missing-key',
        `Missing property \`${prop}\` in ${fieldName(pointer)}, expected it in ${kindName}`,
        `Add a line \`${prop}: …\`.`,
      );
    }
    case 'type': {
      const expected = String(params.type);
      const actual = valueAt(ctx.data, pointer);
      const pos = ctx.positions[pointer];
      const written = pos ? ctx.sourceOf(pos) : show(actual);
      let note: string | undefined;
      const key = lastSegment(pointer);
      if (actual === null) {
        note = `Type the value after the colon: \`${key}: …\`.`;
      } else if (expected === 'string' && Array.isArray(actual) && actual.length === 1 && typeof actual[0] === 'string') {
        note = `Write one value on the same line as the key: \`${key}: ${show(actual[0])}\`.`;
      } else if (expected === 'boolean' && typeof actual === 'string' && /^(?:y|yes|on|true)$/i.test(actual)) {
        note = `Write \`true\` or \`false\`: \`${key}: true\`.`;
      } else if (expected === 'boolean' && typeof actual === 'string' && /^(?:n|no|off|false)$/i.test(actual)) {
        note = `Write \`true\` or \`false\`: \`${key}: false\`.`;
      } else if (
        (expected === 'integer' || expected === 'number') &&
        typeof actual === 'string' &&
        /^[-+]?\d+(?:\.\d+)?$/.test(actual.trim())
      ) {
        note = `Remove the quotes: \`${key}: ${actual.trim()}\`.`;
      } else if (expected === 'integer' && typeof actual === 'number') {
        const whole = /\.(\d+)$/.exec(written)?.[1]?.replace(/^0+(?=\d)/, '') ?? String(Math.round(actual));
        note = `\`${key}\` is a whole number (1, 2, 3, …), not a section number: \`${key}: ${whole}\`.`;
      } else if (expected === 'string' && actual !== null && typeof actual !== 'object') {
        note = `YAML reads \`${written}\` as ${article(describe(actual))}; put it in quotes: \`${key}: "${written}"\`.`;
      } else if (expected === 'object' && pointer === '') {
        note = 'Frontmatter is a YAML mapping: one `key: value` per line.';
      } else if (expected === 'array' && isObject(actual) && Object.keys(actual).some((k) => k.startsWith('-'))) {
        const first = Object.keys(actual).find((k) => k.startsWith('-'))!;
        note = `Type a space after the dash of each item: \`- ${first.slice(1)}: …\`.`;
      } else if (expected === 'array') {
        note = `Write a list: one \`- item\` per line under ${fieldName(pointer)}.`;
      }
      return make(
        at(ctx, pointer, 'value'),
        'wrong-type',
        actual === null
          ? `Unexpected empty value in ${fieldName(pointer)}, expected ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : article(expected)}`
          : `Unexpected ${describe(actual)} \`${written}\` in ${fieldName(pointer)}, expected ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : article(expected)}`,
        note,
      );
    }
    case 'pattern':
    case 'format': {
      const value = valueAt(ctx.data, pointer);
      // `code` is the key of every link list's items: the list it sits in says which code it is.
      const help = patternHelp[pointer.startsWith('/cip/') ? 'cip' : lastSegment(pointer)] ?? {
        ruleId: 'invalid-value',
        expected: `a value matching ${String(params.pattern ?? params.format)}`,
      };
      const hidden = typeof value === 'string' ? firstInvisible(value) : undefined;
      if (hidden !== undefined)
        return make(
          at(ctx, pointer, 'value'),
          help.ruleId,
          `Unexpected invisible character ${codePointName(hidden)} in ${fieldName(pointer)}, expected visible text`,
          'Control characters (tabs, line breaks, ANSI escapes), zero-width and bidi characters rewrite a terminal or make two names look the same; delete it (an editor that shows invisible characters finds it).',
        );
      return make(
        at(ctx, pointer, 'value'),
        help.ruleId,
        `Unexpected value \`${show(value)}\` in ${fieldName(pointer)}, expected ${help.expected}`,
      );
    }
    case 'enum': {
      const value = valueAt(ctx.data, pointer);
      const allowed = (params.allowedValues as unknown[]).map(String);
      return make(
        at(ctx, pointer, 'value'),
        'invalid-value',
        `Unexpected value \`${show(value)}\` in ${fieldName(pointer)}, expected one of: ${allowed.join(', ')}`,
      );
    }
    case 'uniqueItems': {
      const j = Number(params.j);
      const i = Number(params.i);
      return make(
        at(ctx, `${pointer}/${Math.max(i, j)}`, 'value'),
        'duplicate-item',
        `Unexpected duplicate item in ${fieldName(pointer)}, expected each item once`,
        `Items ${Math.min(i, j) + 1} and ${Math.max(i, j) + 1} are the same; remove one.`,
      );
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return make(
        at(ctx, `${pointer}/${name}`, 'key'),
        'invalid-value',
        `Unexpected key \`${name}\` in ${fieldName(pointer)}, expected lowercase kebab-case`,
      );
    }
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'maxItems': {
      const value = valueAt(ctx.data, pointer);
      const limit = Number(params.limit);
      const bound = {
        minLength: `at least ${limit} character${limit === 1 ? '' : 's'}`,
        maxLength: `at most ${limit} characters`,
        minimum: `a number ≥ ${limit}`,
        maximum: `a number ≤ ${limit}`,
        minItems: `at least ${limit} item${limit === 1 ? '' : 's'}`,
        maxItems: `at most ${limit} items`,
      }[error.keyword];
      return make(
        at(ctx, pointer, 'value'),
        'invalid-value',
        `Unexpected value \`${show(value)}\` in ${fieldName(pointer)}, expected ${bound}`,
      );
    }
    case 'propertyName':
      // Reported through `propertyNames` already.
      return undefined;
    default:
      return make(
        at(ctx, pointer, 'value'),
        'invalid-value',
        `Unexpected value in ${fieldName(pointer)}: ${error.message ?? error.keyword}`,
      );
  }
}
