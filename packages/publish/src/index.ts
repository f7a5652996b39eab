export { buildRelease, jsonBytes, sha256Hex, type BuildOptions, type Manifest, type ManifestFile, type ReleaseFiles } from './build.js';
export { writeRelease, type WriteOptions } from './write.js';
export { PublishError } from './errors.js';
export { normaliseDate } from './dates.js';
export { CASE_NAMESPACE, caseId, caseItemId } from './ids.js';
export { toCase, UNDATED, type CasePackage, type CaseAssociation } from './case.js';
export { toDatapackage } from './datapackage.js';
export {
  FORMAT_VERSION,
  PUBLISHED_SCHEMA_BASE,
  toPublishedFramework,
  type PublishedCluster,
  type PublishedFramework,
  type PublishedSubcluster,
  type PublishedText,
} from './framework-json.js';
export { cell, tables, tableCsv, clustersTable, subclustersTable, occupationsTable, type Column, type Table } from './tables.js';
export { checkCaseReferences } from './check.js';
