import { PublishError } from './errors.js';

/** Accepted spellings: a date-time with an offset. Date-only and offset-less strings would be read in the local zone. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An example for messages about dates. */
export const DATE_EXAMPLE = 'For example 2024-10-22T14:03:00Z or 2024-10-22T10:03:00-04:00.';

/**
 * `value` as an ISO 8601 date-time in UTC, to the second (`2024-10-22T14:03:00Z`), or undefined when it is not a
 * date-time with an offset that Date can read. For callers that report a bad date their own way (a CLI flag).
 */
export function toUtcDate(value: string): string | undefined {
  if (!ISO.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An ISO 8601 date-time in UTC, to the second (`2024-10-22T14:03:00Z`): the one spelling ccf writes, whatever
 * the offset the commit was made in. Throws PublishError on anything Date cannot read.
 */
export function normalizeDate(value: string): string {
  const date = toUtcDate(value);
  if (date === undefined)
    throw new PublishError(
      'PUBLISH_BAD_DATE',
      ISO.test(value)
        ? `Unexpected date \`${value}\`, expected a real date-time`
        : `Unexpected date \`${value}\`, expected an ISO 8601 date-time with an offset`,
      { hint: DATE_EXAMPLE },
    );
  return date;
}

/** The date part (`2024-10-22`) of a normalized date-time. */
export function dateOnly(normalized: string): string {
  return normalized.slice(0, 10);
}
