// Every absolute URL ccf writes is `<baseUrl><path>`, where baseUrl comes from framework.md and the paths are the
// routes below: one list, so that what is published and what `ccf serve` / `ccf build-site` answer cannot drift
// (docs/decisions/0016-case-and-urls.md).

/**
 * The site ccf's own releases are served from: this repository's GitHub Pages address (the release workflow
 * deploys `ccf build-site` there). Used only where a URL is needed and no framework names one, e.g. the rule docs
 * links of a lint run on content whose framework.md cannot be read. A framework's `baseUrl` always wins.
 */
export const DEFAULT_BASE_URL = 'https://ccf-project.github.io/ccf/';

/** The CASE 1.1 REST binding's root, under the base URL. */
export const CASE_API_PATH = 'ims/case/v1p1/';

/** The CASE REST collections ccf serves one record of (`<collection>/<identifier>`), as the binding names them. */
export const CASE_COLLECTIONS = [
  'CFDocuments',
  'CFPackages',
  'CFItems',
  'CFItemAssociations',
  'CFAssociations',
  'CFAssociationGroupings',
  'CFItemTypes',
  'CFConcepts',
  'CFSubjects',
  'CFLicenses',
] as const;
export type CaseCollection = (typeof CASE_COLLECTIONS)[number];

/** A path ccf publishes absolute URLs to, as a pattern relative to the base URL (`:name` is one path segment). */
export interface SiteRoute {
  name:
    | 'home'
    | 'rule-index'
    | 'rule-doc'
    | 'schema'
    | 'published-schema'
    | 'case'
    | 'node-index'
    | 'node'
    | 'release-index'
    | 'release'
    | 'crosswalk';
  pattern: string;
  /** What the server answers there. */
  description: string;
}

/**
 * Every path under the base URL that a published file or a report links to (`:name` is one non-empty segment; a
 * trailing `/` is part of the path). `ccf serve` and `ccf build-site`
 * must answer each (a test fetches every URL of both releases and of lint output from the built site).
 */
export function siteRoutes(): SiteRoute[] {
  return [
    { name: 'home', pattern: '', description: 'the site overview (CASE officialSourceURL, datapackage homepage)' },
    { name: 'rule-index', pattern: 'docs/rules/', description: 'the list of lint rules (SARIF `informationUri`)' },
    { name: 'rule-doc', pattern: 'docs/rules/:ruleId', description: 'docs/rules/<rule-id>.md rendered (lint `url`, SARIF `helpUri`)' },
    { name: 'schema', pattern: 'schemas/:file', description: 'a frontmatter or report schema from schemas/ (its `$id`)' },
    {
      name: 'published-schema',
      pattern: 'schemas/published/:file',
      description: 'a published format schema from schemas/published/ (`$schema` of framework.json, manifest.json, releases/index.json)',
    },
    {
      name: 'case',
      pattern: `${CASE_API_PATH}:collection/:identifier`,
      description: 'one CASE 1.1 record by identifier (every `uri` in case.json); collection is one of CASE_COLLECTIONS',
    },
    { name: 'node-index', pattern: 'id/', description: 'every node by ccf id (the expansion of the SSSOM `ccf:` prefix)' },
    { name: 'node', pattern: 'id/:nodeId', description: 'a cluster or sub-cluster by ccf id (the SSSOM `ccf:` prefix)' },
    { name: 'release-index', pattern: 'releases/', description: 'every release (the expansion of the SSSOM `ccfrelease:` prefix)' },
    { name: 'release', pattern: 'releases/:version', description: 'a release (SSSOM subject_source / object_source)' },
    { name: 'crosswalk', pattern: 'crosswalk/:from/:to', description: 'the crosswalk between two versions (SSSOM mapping_set_id)' },
  ];
}

/** The base URL with exactly one trailing slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '') + '/';
}

/** Hosts reserved for documentation (RFC 2606): a URL under them resolves nowhere ccf controls. */
const PLACEHOLDER_HOST = /(?:^|\.)example\.(?:org|com|net)$/i;

/**
 * Why `baseUrl` cannot be the base of published URLs, or undefined when it can: it must be an absolute https URL
 * without query or fragment, on a real host (not example.org/.com/.net).
 */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:') return 'not an https URL';
  if (url.search || url.hash || url.username || url.password) return 'a URL with a query, fragment or credentials';
  if (PLACEHOLDER_HOST.test(url.hostname)) return `a placeholder host (${url.hostname})`;
  return undefined;
}

/** The first of `candidates` that can serve as base URL (normalized), else DEFAULT_BASE_URL. */
export function siteBaseUrl(...candidates: (string | undefined)[]): string {
  for (const c of candidates) if (c !== undefined && baseUrlProblem(c) === undefined) return normalizeBaseUrl(c);
  return DEFAULT_BASE_URL;
}

/** The docs page of a lint rule. */
export function ruleDocsUrl(baseUrl: string, ruleId: string): string {
  return `${normalizeBaseUrl(baseUrl)}docs/rules/${ruleId}`;
}

/** Where a schema of `schemas/` is served: `file` is its path under schemas/, e.g. `published/framework.schema.json`. */
export function schemaUrl(baseUrl: string, file: string): string {
  return `${normalizeBaseUrl(baseUrl)}schemas/${file}`;
}

/** The CASE REST URL of one record. */
export function caseUrl(baseUrl: string, collection: CaseCollection, identifier: string): string {
  return `${normalizeBaseUrl(baseUrl)}${CASE_API_PATH}${collection}/${identifier}`;
}

/**
 * The route an absolute URL names under `baseUrl`, with its parameters; undefined when the URL is not under the
 * base URL or names no route of siteRoutes().
 */
export function matchSiteUrl(url: string, baseUrl: string): { route: SiteRoute; params: Record<string, string> } | undefined {
  const base = normalizeBaseUrl(baseUrl);
  if (!url.startsWith(base)) return undefined;
  const rest = url.slice(base.length);
  if (/[?#]/.test(rest)) return undefined;
  const segments = rest === '' ? [] : rest.split('/');
  for (const route of siteRoutes()) {
    const parts = route.pattern === '' ? [] : route.pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((p, i) => {
      const s = segments[i]!;
      if (p.startsWith(':')) {
        if (s === '' || s === '.' || s === '..') return false;
        params[p.slice(1)] = decodeURIComponent(s);
        return true;
      }
      return p === s;
    });
    if (!ok) continue;
    if (route.name === 'case' && !(CASE_COLLECTIONS as readonly string[]).includes(params.collection!)) continue;
    return { route, params };
  }
  return undefined;
}

/**
 * A schema as served under `baseUrl`: its root-relative `$id` (`/schemas/…` in the repository, so that no source
 * file names a host) made absolute. Other keys are kept as they are.
 */
export function servedSchema<T extends { $id?: unknown }>(schema: T, baseUrl: string): T {
  if (typeof schema.$id !== 'string' || !schema.$id.startsWith('/')) return schema;
  return { ...schema, $id: `${normalizeBaseUrl(baseUrl)}${schema.$id.slice(1)}` };
}
