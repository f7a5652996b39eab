import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readSchema } from '@ccf/core/node';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * The official SARIF 2.1.0 JSON schema (rtm.5, as published by OASIS / SchemaStore), shipped in
 * @microsoft/jest-sarif. It is draft-04 and uses no draft-04-only keyword, so ajv's draft-07
 * validator runs it once `id` is read as `$id`.
 */
export function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // The schema's patterns are ECMAScript regexps without the `u` flag (one is invalid with it).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Validator for `schemas/lint-report.schema.json`. */
export function jsonReportValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv as unknown as Ajv);
  return ajv.compile(readSchema('lint-report.schema.json'));
}
