import type { SpecProblem } from './store.js';

// The same shape rules as @ccf/core's openSource (release versions) plus git's ref-name rules,
// checked here so that nothing odd reaches the store, git or the file system.

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/~^-]*$/;
export const MAX_SPEC = 200;

/** Whether a string is a release version (`1.0.0`). */
export function isVersion(v: string): boolean {
  return VERSION.test(v);
}

/**
 * Checks a version named in a query string: `@1.0.0` (a release) or a git ref (`main`, a tag,
 * a SHA, `HEAD~1`). Folders are not accepted from the network. Returns the problem, if any.
 */
export function checkSpec(spec: string, param: string): SpecProblem | undefined {
  const bad = (code: string, message: string): SpecProblem => ({ status: 400, code, message });
  if (spec.length > MAX_SPEC)
    return bad('bad-version', `Unexpected \`${param}\` of ${spec.length} characters, expected at most ${MAX_SPEC}`);
  if (spec.startsWith('@')) {
    return VERSION.test(spec.slice(1))
      ? undefined
      : bad('bad-release', `Unexpected release \`${spec}\` in \`${param}\`, expected \`@\` and a version such as \`@1.0.0\``);
  }
  if (
    !REF.test(spec) ||
    spec.includes('..') ||
    spec.includes('//') ||
    spec.endsWith('/') ||
    spec.endsWith('.') ||
    spec.endsWith('.lock') ||
    spec.includes('/.')
  )
    return bad(
      'bad-ref',
      `Unexpected \`${spec}\` in \`${param}\`, expected a release such as \`@1.0.0\` or a git ref such as \`main\` or a commit SHA`,
    );
  return undefined;
}
