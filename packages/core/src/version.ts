// One function per module: the package's index loads all of semver (ranges included) and cannot be tree-shaken.
import compare from 'semver/functions/compare.js';
import valid from 'semver/functions/valid.js';

// One definition of a release version for every package: semver.org 2.0.0 as the `semver` package reads it
// strictly. No `v` prefix, no build metadata (`+…` would name a different folder for the same version), no
// leading zeros in numbers or numeric pre-release identifiers, no empty identifiers.

/** Whether a string is a release version as written in `releases/<version>/` and `@<version>` (e.g. `1.0.0`, `2.0.0-rc.1`). */
export function isVersion(v: string): boolean {
  // `valid` also accepts `v1.0.0`, `=1.0.0`, surrounding spaces and `+build`, and returns the clean form.
  return valid(v) === v;
}

/** Semver precedence (semver.org §11): negative, 0 or positive. Throws on a string that is not a version. */
export function compareVersions(a: string, b: string): number {
  return compare(a, b);
}

/**
 * The same definition as a JSON Schema / OpenAPI `pattern` (semver.org's regular expression without build
 * metadata). Syntax only: `isVersion` also refuses numbers beyond 2^53. test/version.test.ts checks every schema uses it.
 */
export const VERSION_PATTERN =
  '^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*)?$';
