export { buildRelease, publishedBaseUrl, streamRelease, type BuildOptions, type ReleaseFiles } from './build.js';
export { writeRelease, type WriteOptions, type WriteStep } from './write.js';
export { PublishError, type PublishErrorCode } from './errors.js';
export { DATE_EXAMPLE, toUtcDate } from './dates.js';
export { xlsxBytes, type Sheet } from './xlsx.js';
export { tables } from './tables.js';
export { publishedSchemaUrl } from './framework-json.js';
export {
  FEED_FILES,
  releaseFeedFiles,
  renderReleasesAtom,
  renderReleasesJsonFeed,
  toVersions,
  type FeedRelease,
  type ReleaseFeedInput,
} from './feed.js';
