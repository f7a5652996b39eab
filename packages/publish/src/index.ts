export { buildRelease, publishedBaseUrl, type BuildOptions, type ReleaseFiles } from './build.js';
export { writeRelease, type WriteOptions, type WriteStep } from './write.js';
export { PublishError, type PublishErrorCode } from './errors.js';
export { DATE_EXAMPLE, toUtcDate } from './dates.js';
export { xlsxBytes, type Sheet } from './xlsx.js';
export { tables } from './tables.js';
export { publishedSchemaUrl } from './framework-json.js';
