import { DEFAULT_BASE_URL, normalizeBaseUrl, type Diagnostic, type RelatedLocation, type Severity } from '@ccf/core';
import { sha256 } from '@ccf/core/node';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { coreRules, ruleUrl } from '../catalog.js';
import { ruleDocs } from '../generated/rule-docs.js';
import type { DocSegment } from '../rule-doc.js';
import { rules } from '../rules/index.js';

export interface SarifOptions {
  /** Version of ccf, for `tool.driver.version`. */
  version?: string;
  /** One-line descriptions of rule ids, for `shortDescription`; the rule catalog's by default. */
  descriptions?: Record<string, string>;
  /**
   * `automationDetails.id`: the code-scanning category, ending in `/` (no run id, so the output stays the same for
   * the same input). Two uploads with one category replace each other's alerts. Default `ccf/lint/`.
   */
  automationId?: string;
  /** Base of the docs links (`lintBaseUrl`). Default: DEFAULT_BASE_URL. */
  baseUrl?: string;
}

/** The SARIF level of each ccf severity; `note` is SARIF's name for information. */
const level = { error: 'error', warning: 'warning', info: 'note' } as const;
/** GitHub's `problem.severity` (shown as the alert's severity for rules that are not security rules). */
const problemSeverity = { error: 'error', warning: 'warning', info: 'recommendation' } as const;

interface CatalogEntry {
  description: string;
  severity: Severity;
  /** How ccf finds it: a loader stage or a lint rule. */
  tags: string[];
}

const catalog = new Map<string, CatalogEntry>([
  ...coreRules.map((r): [string, CatalogEntry] => [
    r.id,
    { description: r.description, severity: r.severity ?? 'error', tags: ['ccf', r.stage] },
  ]),
  ...rules.map((r): [string, CatalogEntry] => [
    r.id,
    { description: r.description, severity: r.defaultSeverity, tags: ['ccf', r.needsAgainst ? 'lineage' : 'rule'] },
  ]),
]);

/** A rule's docs text with the links to other rules' pages filled in. */
function joinDoc(segments: DocSegment[], base: string): string {
  return segments.map((s) => (typeof s === 'string' ? s : ruleUrl(s.rule, base))).join('');
}

/** `id-unique` → `IdUnique`: GitHub and the SARIF validator want a rule name that is an identifier, not the id. */
function ruleName(id: string): string {
  return id.replace(/(?:^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** SARIF wants every message and description to be a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * Plain message text (SARIF §3.11.6): a `[` or `]` is the start or end of a link to a related location unless
 * escaped, so text from content (file names, titles, values) must not be able to make one.
 */
function plain(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** A relative path (`/` separators) as a relative URI reference: each segment percent-encoded, so `#`, `?`, `%` and a `:` before the first `/` stay part of the path. */
function pathUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function descriptor(id: string, descriptions: Record<string, string> | undefined, base: string): ReportingDescriptor {
  const entry = catalog.get(id);
  const doc = ruleDocs[id];
  const short = sentence(descriptions?.[id] ?? entry?.description ?? `ccf rule ${id}`);
  const severity = entry?.severity ?? 'error';
  const help = doc
    ? { text: joinDoc(doc.text, base), markdown: joinDoc(doc.markdown, base) }
    : { text: `See ${ruleUrl(id, base)}.`, markdown: `See [${id}](${ruleUrl(id, base)}).` };
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: short },
    fullDescription: { text: doc ? sentence(joinDoc(doc.summary, base)) : short },
    help,
    helpUri: ruleUrl(id, base),
    defaultConfiguration: { level: level[severity] },
    properties: {
      tags: entry?.tags ?? ['ccf'],
      // Every check is exact (a parse, a schema, a rule over parsed data): no heuristics to tune.
      precision: 'very-high',
      'problem.severity': problemSeverity[severity],
    },
  };
}

function region(d: { line: number; column: number; endLine?: number | undefined; endColumn?: number | undefined }) {
  return {
    startLine: d.line,
    startColumn: d.column,
    // Without an end, SARIF's default (to the end of the start line) says more than an empty region would.
    ...(d.endLine !== undefined && d.endColumn !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
  };
}

function physicalLocation(d: Diagnostic | RelatedLocation) {
  return { artifactLocation: { uri: pathUri(d.file), uriBaseId: '%SRCROOT%' }, region: region(d) };
}

/** The message, with the note, and a link to each related location (`[text](id)`, ids from 1). */
function messageText(d: Diagnostic): string {
  let text = sentence(plain(d.message));
  if (d.note) text += ` ${sentence(plain(d.note))}`;
  if (d.related?.length) text += ` See ${d.related.map((r, i) => `[${plain(r.message)}](${i + 1})`).join(', ')}.`;
  return text;
}

/**
 * Fingerprints that identify a problem across runs and commits: the rule, the file and the message (which names
 * the offending value, never a position), plus the count of earlier identical ones in the file, so a line inserted
 * above keeps every alert and two identical problems stay two.
 */
function fingerprints(diagnostics: Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const hash = sha256(`${d.ruleId}\0${d.file}\0${d.message}`).slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

/**
 * A SARIF 2.1.0 log for GitHub code scanning. Diagnostic files are paths relative to the repository root (`/`
 * separators), written as URIs under `%SRCROOT%`, which GitHub reads as the root of the repository.
 */
export function toSarif(diagnostics: Diagnostic[], options: SarifOptions = {}): Log {
  const base = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const ids = [...new Set(diagnostics.map((d) => d.ruleId))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const prints = fingerprints(diagnostics);
  const results: Result[] = diagnostics.map((d, i) => ({
    ruleId: d.ruleId,
    ruleIndex: index.get(d.ruleId)!,
    level: level[d.severity],
    message: { text: messageText(d) },
    locations: [{ physicalLocation: physicalLocation(d) }],
    partialFingerprints: { 'ccfResult/v1': prints[i]! },
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, j) => ({
            id: j + 1,
            message: { text: sentence(plain(r.message)) },
            physicalLocation: physicalLocation(r),
          })),
        }
      : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ccf',
            ...(options.version ? { version: options.version } : {}),
            informationUri: `${base}docs/rules/`,
            rules: ids.map((id) => descriptor(id, options.descriptions, base)),
          },
        },
        automationDetails: { id: options.automationId ?? 'ccf/lint/' },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The root of the repository that holds the content.' } },
        },
        results,
      },
    ],
  };
}

export function formatSarif(diagnostics: Diagnostic[], options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(diagnostics, options), null, 2)}\n`;
}
