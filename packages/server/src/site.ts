import { allNodes } from '@ccf/core';
import type { Snapshot } from './store.js';

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
  exact('/assets/site.css');
  exact('/assets/icon.svg');
  api('/framework');
  api('/clusters');
  api('/lint');
  api('/releases');
  exact('/api/v1/openapi.json');
  for (const c of snapshot.framework.clusters) api(`/clusters/${c.id}`);
  for (const n of allNodes(snapshot.framework)) api(`/nodes/${n.id}`);
  for (const r of snapshot.releases) for (const f of r.files) exact(`/api/v1/releases/${r.version}/${f.name}`);
  return out;
}
