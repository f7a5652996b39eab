import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineIndex, readSchema, type Severity } from '@ccf/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';

export const CONFIG_FILE = 'ccf.config.json';

/** `ccf.config.json`, as documented by `schemas/ccf-config.schema.json`. */
export interface LintConfig {
  /** Severity per rule id, or `off`. */
  rules?: Record<string, Severity | 'off'>;
  /** The earlier version lineage rules compare against when `--against` is not given, e.g. `@1.0.0`. */
  against?: string;
  /** Level per change rule id for `ccf diff`, `ccf crosswalk` and `ccf release`, or `off`. */
  changes?: Record<string, 'breaking' | 'notable' | 'editorial' | 'off'>;
}

/** What an unknown key in each section of the config should have been. */
const EXPECTED = new Map<string | undefined, [what: string, expected: string]>([
  ['rules', ['rule', 'a ccf rule id']],
  ['changes', ['change rule', 'a ccf change rule id (docs/changes/)']],
]);

/** A config file that cannot be used: the CLI prints it with its place and exits 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'ConfigError';
  }
}

let validator: ValidateFunction | undefined;

/** Finds `ccf.config.json` in `dir` or the nearest folder above it. */
export function findConfig(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

/** Reads and schema-checks a config file; throws ConfigError with a place. */
export function loadConfig(path: string, display = path): LintConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('Unexpected unreadable file, expected a JSON config', display, 1, 1);
  }
  return parseConfig(text, display);
}

/** Parses and schema-checks config text. */
export function parseConfig(text: string, display = CONFIG_FILE): LintConfig {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { version: '1.2', schema: 'json', uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const p = lines.point(first.pos[0]);
    throw new ConfigError(`Unexpected JSON: ${first.message.split('\n')[0]}`, display, p.line, p.column);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Unexpected JSON: ${(error as Error).message}`, display, 1, 1);
  }
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(readSchema('ccf-config.schema.json'));
  if (!validator(data)) {
    const e = validator.errors![0]!;
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extra =
      e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
    const node = doc.getIn(extra ? [...path, extra] : path, true) as { range?: [number, number] } | undefined;
    const pair = extra ? findKey(doc.getIn(path, true), extra) : undefined;
    const offset = (pair ?? node)?.range?.[0] ?? 0;
    const p = lines.point(offset);
    const where = e.instancePath ? ` at \`${e.instancePath}\`` : '';
    const [kind, expected] = EXPECTED.get(path[0]) ?? ['property', 'one of: $schema, rules, changes, against'];
    const what =
      e.keyword === 'additionalProperties'
        ? `Unexpected ${kind} \`${extra}\`${where}, expected ${expected}`
        : e.keyword === 'enum'
          ? `Unexpected value${where}, expected one of: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}`
          : `Unexpected value${where}: ${e.message ?? e.keyword}`;
    throw new ConfigError(what, display, p.line, p.column);
  }
  return data as LintConfig;
}

function findKey(map: unknown, key: string): { range?: [number, number] } | undefined {
  const items = (map as { items?: { key?: { value?: unknown; range?: [number, number] } }[] } | undefined)?.items;
  return items?.find((i) => i.key?.value === key)?.key;
}
