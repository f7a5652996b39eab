import { PublishError } from './errors.js';

/**
 * An ISO 8601 date-time in UTC, to the second (`2024-10-22T14:03:00Z`): the one spelling ccf writes, whatever
 * the offset the commit was made in. Throws PublishError on anything Date cannot read.
 */
export function normaliseDate(value: string): string {
  // Date-only and offset-less strings would be read in the local zone: refuse them rather than depend on TZ.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(value))
    throw new PublishError(
      `Unexpected date \`${value}\`, expected an ISO 8601 date-time with an offset`,
      'For example 2024-10-22T14:03:00Z or 2024-10-22T10:03:00-04:00.',
    );
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new PublishError(`Unexpected date \`${value}\`, expected a real date-time`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The date part (`2024-10-22`) of a normalised date-time. */
export function dateOnly(normalised: string): string {
  return normalised.slice(0, 10);
}
