import { isVersion, refProblem } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { checkSpec } from '../src/spec.js';

// Query-string versions are checked with @ccf/core's definitions, so the server refuses exactly what the CLI
// refuses (a spec starting with `@`, such as `@{-1}`, is always read as a release). Cases where the server's
// own copy of the rules used to disagree with core's come first.
const refs = ['_x', 'a~b', 'a+b', 'feature+x', 'main', 'HEAD~1', 'main~3^2', '-x', 'a..b', 'HEAD^{tree}', 'x.lock~1', 'a.~1'];
const releases = ['1.0.0', '1.0.0-rc.1', '1.0', '01.0.0', 'v1.0.0', '1.0.0-01', '1.0.0-a..b', '1.0.0-', '1.0.0+b', '{-1}'];

describe('checkSpec', () => {
  it.each(refs)('agrees with refProblem on %j', (ref) => {
    expect(checkSpec(ref, 'from')?.code).toBe(refProblem(ref) === undefined ? undefined : 'bad-ref');
  });
  it.each(releases)('agrees with isVersion on `@%s`', (v) => {
    expect(checkSpec(`@${v}`, 'from')?.code).toBe(isVersion(v) ? undefined : 'bad-release');
  });
});
