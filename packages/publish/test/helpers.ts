import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Framework } from '@ccf/core';
import { directorySource, loadFramework, readSchema, releaseSource, schemasDir } from '@ccf/core/node';
import { Ajv as Ajv07 } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: object) => void;

export const fixture = (name: string): string => new URL(`./fixtures/${name}/`, import.meta.url).pathname;
export const repoContent = new URL('../../../content/', import.meta.url).pathname;

export const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** Loads a content folder and gives it a commit and date, as a git source would. */
export async function loadDir(dir: string, source: Partial<Framework['source']> = {}): Promise<Framework> {
  const load = await loadFramework(directorySource(dir));
  return { ...load.framework, source: { ...load.framework.source, commit: COMMIT, date: '2024-10-22T10:03:00-04:00', ...source } };
}

/** The earlier versions a framework's `derivedFrom` names: the small fixture's 2002 edition, or releases/1.0.0. */
export async function earlierOf(dir: string): Promise<Framework[]> {
  if (dir === repoContent)
    return [(await loadFramework(releaseSource(new URL('../../../releases/1.0.0/', import.meta.url).pathname, '@1.0.0'))).framework];
  return [await loadDir(fixture('small-2002'))];
}

const external = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(schemasDir, 'external', path), 'utf8')) as Record<string, unknown>;

// Our published schemas (2020-12), with the frontmatter schemas they refer to.
const ajv2020 = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv2020);
for (const name of ['common.schema.json', 'framework.schema.json']) ajv2020.addSchema(readSchema(name));
export const validatePublished = {
  framework: ajv2020.compile(readSchema('published/framework.schema.json')),
  manifest: ajv2020.compile(readSchema('published/manifest.schema.json')),
  index: ajv2020.compile(readSchema('published/releases-index.schema.json')),
  versions: ajv2020.compile(readSchema('published/versions.schema.json')),
};

// The official CASE 1.1 CFPackage schema (2019-09), in-repo copy of ../shared/external-schemas.
const ajv2019 = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv2019);
export const validateCase = ajv2019.compile(external('case-v1p1-cfpackage.schema.json'));

// Frictionless Data Package v2 profile (draft-07), unknown keywords and formats allowed.
const ajv07 = new Ajv07({ allErrors: true, strict: false, validateFormats: false });
export const validateDatapackage = ajv07.compile(external('frictionless-datapackage-v2/datapackage.json'));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const CASE_TYPES = new Set([
  'isChildOf',
  'isPeerOf',
  'isPartOf',
  'exactMatchOf',
  'precedes',
  'isRelatedTo',
  'replacedBy',
  'exemplar',
  'hasSkillLevel',
  'isTranslationOf',
]);

/** The stricter checks of ../shared/external-schemas/README.md that the CASE schema leaves out. */
export function caseStrictProblems(pkg: unknown): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}/${i}`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}/${key}`;
      if (key === 'extensions') continue;
      if (key === 'identifier' && (typeof v !== 'string' || !UUID.test(v)))
        problems.push(`${at}: not a lower-case bare UUID: ${String(v)}`);
      if (key === 'uri' || key === 'officialSourceURL') {
        let ok = false;
        try {
          ok = typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/.test(v) && Boolean(new URL(v));
        } catch {
          ok = false;
        }
        if (!ok) problems.push(`${at}: not an absolute URI: ${String(v)}`);
      }
      if (/DateTime$/.test(key) && (typeof v !== 'string' || !DATE_TIME.test(v))) problems.push(`${at}: not a date-time with an offset`);
      if (key === 'associationType' && !(typeof v === 'string' && (CASE_TYPES.has(v) || /^ext:[A-Za-z0-9._-]+$/.test(v))))
        problems.push(`${at}: unknown association type ${String(v)}`);
      if (key === 'subject' && !Array.isArray(v)) problems.push(`${at}: subject is not an array`);
      walk(v, at);
    }
  };
  walk(pkg, '');
  return problems;
}

/** A temporary folder, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ccf-publish-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

export const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
export const json = (bytes: Uint8Array | undefined): unknown => JSON.parse(decode(bytes));
