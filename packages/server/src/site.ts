import { allNodes, CASE_API_PATH, compareVersions, ID_PATTERN, type PublishedFramework } from '@ccf/core';
import { FEED_FILES } from '@ccf/publish/versions';
import { caseIndex, DEFINITION_KEYS } from './case.js';
import { CASE_DISCOVERY_FILE } from './case-openapi.js';
import type { StaticLayout } from './openapi.js';
import type { Release, Snapshot } from './store.js';

/** A URL path the static export renders, and the file it goes to (relative, POSIX). */
export interface SitePath {
  path: string;
  file: string;
}

/**
 * Every page and API document of a snapshot, for `ccf build-site`. Pages go to `<path>.html`
 * (static hosts serve `/x` from `x.html`); API documents to `<path>.json`; published files and
 * openapi.json keep their names. Query-string views (search results, diffs) are not exported.
 */
export function sitePaths(snapshot: Snapshot): SitePath[] {
  const out: SitePath[] = [];
  const page = (path: string): void => void out.push({ path, file: path === '/' ? 'index.html' : `${path.slice(1)}.html` });
  const api = (path: string): void => void out.push({ path: `/api/v1${path}`, file: `api/v1${path}.json` });
  const exact = (path: string): void => void out.push({ path, file: path.slice(1) });
  page('/');
  page('/search');
  page('/lint');
  page('/releases');
  page('/diff');
  page('/crosswalk');
  for (const n of allNodes(snapshot.framework)) page(n.type === 'cluster' ? `/clusters/${n.id}` : `/clusters/${n.parent}/${n.id}`);
  // A state framework: the comparison with its base, and each national node (the "national side" those pages link).
  if (snapshot.framework.overlay && snapshot.base) {
    page('/national');
    for (const n of allNodes(snapshot.base))
      page(n.type === 'cluster' ? `/national/clusters/${n.id}` : `/national/clusters/${n.parent}/${n.id}`);
  }
  exact('/assets/site.css');
  exact('/assets/icon.svg');
  exact('/assets/search.js');
  api('/framework');
  api('/clusters');
  api('/lint');
  api('/releases');
  api('/versions');
  exact(`/api/v1/${FEED_FILES.atom}`);
  api('/feed');
  exact('/api/v1/openapi.json');
  const layout = staticLayout(snapshot);
  for (const id of layout.clusters) api(`/clusters/${id}`);
  for (const id of layout.nodes) api(`/nodes/${id}`);
  for (const r of layout.releases) {
    for (const f of r.files) exact(`/api/v1/releases/${r.version}/${f.name}`);
    // The pinned documents by path (ADR 0020): a CDN does not read query strings.
    if (r.clusters.length) api(`/releases/${r.version}/clusters`);
    for (const id of r.clusters) api(`/releases/${r.version}/clusters/${id}`);
    for (const id of r.nodes) api(`/releases/${r.version}/nodes/${id}`);
  }
  // The CASE records of the releases, under the very paths their `uri`s name (no extension: a static host serves
  // them as they are). The unfiltered getAllCFDocuments goes to CFDocuments.json: CFDocuments/ is a folder here.
  const index = caseIndex(snapshot.releases);
  const root = `/${CASE_API_PATH}`;
  exact(`${root}discovery/${CASE_DISCOVERY_FILE}`);
  out.push({ path: `${root}CFDocuments`, file: `${root.slice(1)}CFDocuments.json` });
  for (const id of index.documents.keys()) {
    exact(`${root}CFDocuments/${id}`);
    exact(`${root}CFPackages/${id}`);
  }
  for (const id of index.items.keys()) {
    exact(`${root}CFItems/${id}`);
    exact(`${root}CFItemAssociations/${id}`);
  }
  for (const id of index.associations.keys()) exact(`${root}CFAssociations/${id}`);
  for (const key of DEFINITION_KEYS) for (const id of index.definitions[key].keys()) exact(`${root}${key}/${id}`);
  // The SSSOM IRIs: every id, each release, the crosswalk from each release to the next.
  out.push({ path: '/id/', file: 'id/index.html' });
  const ids = new Set([...snapshot.framework.nodes.keys()]);
  for (const held of index.items.values()) {
    const ccfId = (held.record.extensions as { ccfId?: unknown } | undefined)?.ccfId;
    if (typeof ccfId === 'string' && ID_PATTERN.test(ccfId)) ids.add(ccfId);
  }
  for (const id of [...ids].sort()) page(`/id/${id}`);
  out.push({ path: '/releases/', file: 'releases/index.html' });
  const versions = snapshot.releases.map((r) => r.version).sort(compareVersions);
  // A release's crosswalk is against the previous release of its line (1.0.1 after 1.0.0, 2.0.0 after 1.0.0), which
  // the snapshot does not record: every earlier-to-later pair is written, a superset while releases are few.
  versions.forEach((v, i) => {
    page(`/releases/${v}`);
    for (const earlier of versions.slice(0, i)) page(`/crosswalk/${earlier}/${v}`);
  });
  // What published links name besides: rule docs (pages) and schemas (JSON, kept by name).
  if (snapshot.site) {
    out.push({ path: '/docs/rules/', file: 'docs/rules/index.html' });
    for (const id of [...snapshot.site.ruleDocs.keys()].sort()) page(`/docs/rules/${id}`);
    for (const file of [...snapshot.site.schemas.keys()].sort()) exact(`/schemas/${file}`);
  }
  return out;
}

/** The API documents of a static export that vary with the content; its OpenAPI document names exactly these. */
export function staticLayout(snapshot: Snapshot): StaticLayout {
  return {
    clusters: snapshot.framework.clusters.map((c) => c.id),
    nodes: allNodes(snapshot.framework).map((n) => n.id),
    releases: snapshot.releases.map((r) => ({
      version: r.version,
      files: r.files.map((f) => ({ name: f.name, type: f.type })),
      ...releaseIds(r),
    })),
  };
}

/**
 * The cluster and node ids of a release, from its framework.json: none when the file is missing, fails its
 * integrity check or is not a published framework (the app would not serve that release's documents either), or when
 * a file of the release has a name a path-form document would take.
 */
function releaseIds(r: Release): { clusters: string[]; nodes: string[] } {
  const none = { clusters: [], nodes: [] };
  const file = r.files.find((f) => f.name === 'framework.json');
  if (!file || r.files.some((f) => f.problem || f.name === 'clusters.json')) return none;
  let data: PublishedFramework;
  try {
    data = JSON.parse(new TextDecoder().decode(file.bytes)) as PublishedFramework;
  } catch {
    return none;
  }
  if (!Array.isArray(data?.clusters)) return none;
  const ok = (id: unknown): id is string => typeof id === 'string' && ID_PATTERN.test(id);
  const clusters = data.clusters.map((c) => c.id).filter(ok);
  const nodes = data.clusters.flatMap((c) => [c.id, ...(Array.isArray(c.subclusters) ? c.subclusters.map((s) => s.id) : [])]).filter(ok);
  return { clusters, nodes };
}
