import type { Framework, Manifest } from '@ccf/core';
import { baseUrlProblem, cmp, normalizeBaseUrl } from '@ccf/core';
import { sha256 } from '@ccf/core/node';
import { toCase } from './case.js';
import { toDatapackage, type WrittenCsv } from './datapackage.js';
import { normalizeDate } from './dates.js';
import { PublishError } from './errors.js';
import { publishedSchemaUrl, toPublishedFramework } from './framework-json.js';
import { tableCsv, tablesFor } from './tables.js';
import { WORKBOOK, workbookBytes } from './workbook.js';
import type { Sheet } from './xlsx.js';

export interface BuildOptions {
  /** The ccf version, written into the manifest. */
  toolVersion: string;
  /**
   * The source date when the framework's source has none (a content folder with uncommitted changes).
   * Never the wall clock: pass a commit date or SOURCE_DATE_EPOCH. The source's own date wins.
   */
  date?: string;
  /** Start every CSV with a UTF-8 byte order mark, so that Excel reads it as UTF-8. */
  excel?: boolean;
  /** More files to ship and list in the manifest (CHANGELOG.md, crosswalk.csv): name → bytes or text. */
  extraFiles?: Map<string, Uint8Array | string> | Record<string, Uint8Array | string>;
  /** More sheets for framework.xlsx (the crosswalk), after the tables' sheets. */
  extraSheets?: readonly Sheet[];
  /**
   * The base of every absolute URL in the files. Default: the framework's `baseUrl`. Give it to publish an older
   * version (whose framework.md named another host, or a placeholder) on today's site.
   */
  baseUrl?: string;
  /** Earlier versions, oldest first, whose ids the framework's `derivedFrom` names (CASE lineage titles). */
  earlier?: readonly Framework[];
}

/** The files of a release, in name order: file name → bytes. manifest.json lists all the others. */
export type ReleaseFiles = Map<string, Uint8Array>;

const encoder = new TextEncoder();
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Every published JSON file is two-space JSON with a final newline. */
export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, null, 2) + '\n');
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Builds every file of a release in memory: framework.json, the CSVs, framework.xlsx, case.json, datapackage.json
 * and manifest.json, plus any extra files. Deterministic: the same framework and options give the same bytes.
 */
export async function buildRelease(framework: Framework, options: BuildOptions): Promise<ReleaseFiles> {
  const files = new Map<string, Uint8Array>();
  for await (const [name, bytes] of streamRelease(framework, options)) files.set(name, bytes);
  return new Map([...files].sort((a, b) => cmp(a[0], b[0])));
}

/**
 * The files of a release one at a time, each built only when the previous one has been taken, manifest.json
 * last: a writer that stores each file as it comes never holds more than one output (at 50,000 nodes case.json
 * alone is hundreds of MB). The same bytes as `buildRelease`. Problems with the framework or the options
 * (no clusters, a bad baseUrl, a bad extra file name) are thrown here, before any file is built.
 */
export function streamRelease(framework: Framework, options: BuildOptions): AsyncIterable<[string, Uint8Array]> {
  // Lint refuses this too (no-empty-framework); a caller that skips lint must not publish "everything removed".
  if (framework.clusters.length === 0)
    throw new PublishError(
      'PUBLISH_EMPTY_FRAMEWORK',
      `Unexpected framework with no ${framework.meta.terms.cluster}, expected at least one`,
      {
        hint: 'Restore the cluster folders; `ccf lint` reports this as no-empty-framework.',
      },
    );
  const baseUrl = publishedBaseUrl(framework, options.baseUrl);
  const date = framework.source.date ? normalizeDate(framework.source.date) : options.date ? normalizeDate(options.date) : undefined;
  const tables = tablesFor(framework);
  const built = new Set(['framework.json', ...tables.map((t) => t.path), WORKBOOK, 'case.json', 'datapackage.json']);
  const extra = options.extraFiles instanceof Map ? options.extraFiles : new Map(Object.entries(options.extraFiles ?? {}));
  for (const name of extra.keys())
    if (!SAFE_NAME.test(name) || name === 'manifest.json' || built.has(name))
      throw new PublishError(
        'PUBLISH_BAD_FILE_NAME',
        `Unexpected extra file name \`${name}\`, expected a plain file name not already published`,
      );

  async function* files(): AsyncGenerator<[string, Uint8Array]> {
    const listed: { path: string; bytes: number; sha256: string }[] = [];
    const take = (path: string, bytes: Uint8Array): [string, Uint8Array] => {
      listed.push({ path, bytes: bytes.byteLength, sha256: sha256(bytes) });
      return [path, bytes];
    };
    yield take('framework.json', jsonBytes(toPublishedFramework(framework, date, baseUrl)));

    const csv = new Map<string, WrittenCsv>();
    for (const table of tables) {
      const text = encoder.encode(tableCsv(table, framework));
      const bytes = options.excel ? concat(BOM, text) : text;
      const entry = take(table.path, bytes);
      csv.set(table.path, { bytes: bytes.byteLength, sha256: listed.at(-1)!.sha256 });
      yield entry;
    }
    const workbook = await workbookBytes(framework, { date, toolVersion: options.toolVersion, extraSheets: options.extraSheets, baseUrl });
    csv.set(WORKBOOK, { bytes: workbook.byteLength, sha256: sha256(workbook) });
    yield take(WORKBOOK, workbook);
    yield take('case.json', jsonBytes(toCase(framework, date, { baseUrl, ...(options.earlier ? { earlier: options.earlier } : {}) })));
    yield take(
      'datapackage.json',
      jsonBytes(
        toDatapackage(framework, csv, {
          date,
          excel: options.excel ?? false,
          baseUrl,
          sheets: (options.extraSheets ?? []).map((s) => s.name),
        }),
      ),
    );
    for (const [name, content] of extra) yield take(name, typeof content === 'string' ? encoder.encode(content) : content);

    const m = framework.meta;
    const manifest: Manifest = {
      $schema: publishedSchemaUrl(baseUrl, 'manifest'),
      id: m.id,
      title: m.title,
      version: m.version,
      edition: m.edition,
      source: {
        ...(framework.source.commit !== undefined ? { commit: framework.source.commit } : {}),
        ...(date !== undefined ? { date } : {}),
      },
      tool: { name: 'ccf', version: options.toolVersion },
      license: m.license,
      attribution: m.attribution,
      files: listed.sort((a, b) => cmp(a.path, b.path)),
    };
    yield ['manifest.json', jsonBytes(manifest)];
  }
  return files();
}

/**
 * The base URL of a release: the option, else the framework's `baseUrl`, normalized; refused when missing, not https
 * or a placeholder host, because every published URL must resolve on the site that serves the release.
 */
export function publishedBaseUrl(framework: Framework, override?: string): string {
  const baseUrl = override ?? framework.meta.baseUrl;
  const problem = baseUrl === undefined ? 'no baseUrl' : baseUrlProblem(baseUrl);
  if (problem !== undefined)
    throw new PublishError(
      'PUBLISH_BASE_URL',
      baseUrl === undefined
        ? `Unexpected framework without baseUrl, expected the https URL where its site is deployed`
        : `Unexpected baseUrl \`${baseUrl}\`, ${problem}, expected the https URL where the site is deployed`,
      {
        hint: 'Set `baseUrl:` in framework.md to the address `ccf build-site` is deployed to (the GitHub Pages URL of the repository, or your own host); every CASE uri, $schema and docs link is built from it.',
      },
    );
  return normalizeBaseUrl(baseUrl!);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
