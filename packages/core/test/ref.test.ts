import { describe, expect, it } from 'vitest';
import { refProblem } from '../src/index.js';

/**
 * Boundary cases of the one ref check (the CLI through openSource, the server through checkSpec). Where the
 * server's old copy disagreed (`_x` and `a~b` allowed, `a+b` refused) the loader's stricter rule wins: `~N`/`^N`
 * only as suffixes, a name starts with a letter or digit.
 */
const refCases: [string, boolean][] = [
  ['main', true],
  ['origin/main', true],
  ['v1.0.0', true],
  ['HEAD~1', true],
  ['HEAD^2', true],
  ['main~3^2', true],
  ['a+b', true],
  ['release/2024-10', true],
  ['a1b2c3d', true],
  ['-x', false],
  ['--output=x', false],
  ['a..b', false],
  ['@{-1}', false],
  ['HEAD@{1}', false],
  ['HEAD^{tree}', false],
  ['HEAD:path', false],
  ['_x', false],
  ['a~b', false],
  ['a^b', false],
  ['x.lock', false],
  ['x.lock~1', false],
  ['a/.b', false],
  ['a//b', false],
  ['a/', false],
  ['a.', false],
  ['a.~1', false],
  ['a b', false],
  ['', false],
];

describe('refProblem', () => {
  it.each(refCases)('%j allowed: %s', (ref, ok) => {
    expect(refProblem(ref) === undefined).toBe(ok);
  });
});
