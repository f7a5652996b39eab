import { isVersion, refProblem } from '@ccf/core';
import type { SpecProblem } from './store.js';

// The versions and refs @ccf/core accepts (`isVersion`, `refProblem`: one definition for the CLI and the server),
// checked here so that nothing odd reaches the store, git or the file system.

export const MAX_SPEC = 200;

/**
 * Checks a version named in a query string: `@1.0.0` (a release) or a git ref (`main`, a tag,
 * a SHA, `HEAD~1`). Folders are not accepted from the network. Returns the problem, if any.
 */
export function checkSpec(spec: string, param: string): SpecProblem | undefined {
  const bad = (code: string, message: string): SpecProblem => ({ status: 400, code, message });
  if (spec.length > MAX_SPEC)
    return bad('bad-version', `Unexpected \`${param}\` of ${spec.length} characters, expected at most ${MAX_SPEC}`);
  if (spec.startsWith('@')) {
    return isVersion(spec.slice(1))
      ? undefined
      : bad('bad-release', `Unexpected release \`${spec}\` in \`${param}\`, expected \`@\` and a version such as \`@1.0.0\``);
  }
  if (refProblem(spec) !== undefined)
    return bad(
      'bad-ref',
      `Unexpected \`${spec}\` in \`${param}\`, expected a release such as \`@1.0.0\` or a git ref such as \`main\` or a commit SHA`,
    );
  return undefined;
}
