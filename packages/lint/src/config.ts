import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineIndex, type Severity } from '@ccf/core';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { ConfigError } from './errors.js';
import { config as compiledConfigValidator } from './generated/validate-config.js';

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

// Compiled ahead of time (scripts/gen-types.mjs): loading ajv to compile it cost every `ccf lint` its start-up share.
const validator = compiledConfigValidator as unknown as ValidateFunction;

const HINT = 'See schemas/ccf-config.schema.json for what ccf.config.json may hold.';

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
  } catch (error) {
    throw new ConfigError(
      'CONFIG_UNREADABLE',
      'Unexpected unreadable file, expected a JSON config',
      { file: display, line: 1, column: 1 },
      { cause: error },
    );
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
    throw new ConfigError(
      'CONFIG_SYNTAX',
      `Unexpected JSON: ${first.message.split('\n')[0]}`,
      { file: display, ...p },
      { hint: HINT, cause: first },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      'CONFIG_SYNTAX',
      `Unexpected JSON: ${(error as Error).message}`,
      { file: display, line: 1, column: 1 },
      { hint: HINT, cause: error },
    );
  }
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
    throw new ConfigError('CONFIG_INVALID', what, { file: display, ...p }, { hint: HINT });
  }
  return data as LintConfig;
}

function findKey(map: unknown, key: string): { range?: [number, number] } | undefined {
  const items = (map as { items?: { key?: { value?: unknown; range?: [number, number] } }[] } | undefined)?.items;
  return items?.find((i) => i.key?.value === key)?.key;
}
