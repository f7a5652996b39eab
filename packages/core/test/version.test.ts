import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compareVersions, isVersion, VERSION_PATTERN } from '../src/index.js';
import { openSource, readSchema, SourceError } from '../src/node.js';

// Boundary cases where the old definitions disagreed: the CLI's regex refused `1.0.0-a..b` and `1.0.0-`, the
// loader's, the server's and the schemas' accepted them; every one of them accepted `1.0.0-01`. Now semver decides.
const versions: [string, boolean][] = [
  ['1.0.0', true],
  ['0.0.0', true],
  ['10.20.30', true],
  ['1.0.0-rc.1', true],
  ['1.0.0-0a', true],
  ['1.0.0-rc-1', true],
  ['1.0.0-x.7.z.92', true],
  ['1.0', false],
  ['1', false],
  ['01.0.0', false],
  ['1.01.0', false],
  ['v1.0.0', false],
  ['=1.0.0', false],
  [' 1.0.0', false],
  ['1.0.0 ', false],
  ['1.0.0-01', false],
  ['1.0.0-rc.01', false],
  ['1.0.0-a..b', false],
  ['1.0.0-', false],
  ['1.0.0-.', false],
  ['1.0.0-rc.', false],
  ['1.0.0+build', false],
  ['1.0.0-rc.1+build', false],
  ['1.0.0-rc_1', false],
  ['', false],
];

// Every JSON Schema property that holds a release version.
const schemaVersions: [string, string[]][] = [
  ['framework.schema.json', ['properties', 'version']],
  ['published/framework.schema.json', ['properties', 'version']],
  ['published/manifest.schema.json', ['properties', 'version']],
  ['published/releases-index.schema.json', ['properties', 'releases', 'items', 'properties', 'version']],
];

describe('one definition of a release version', () => {
  it.each(versions)('isVersion(%j) is %s', (v, ok) => {
    expect(isVersion(v)).toBe(ok);
  });

  it('refuses numbers semver cannot hold exactly', () => {
    expect(isVersion('9007199254740991.0.0')).toBe(true);
    expect(isVersion('9007199254740992.0.0')).toBe(false);
  });

  it.each(versions)('VERSION_PATTERN agrees on %j', (v, ok) => {
    expect(new RegExp(VERSION_PATTERN, 'u').test(v)).toBe(ok);
  });

  it.each(schemaVersions)('%s uses VERSION_PATTERN', (file, path) => {
    let node: unknown = readSchema(file);
    for (const key of path) node = (node as Record<string, unknown>)[key];
    expect((node as { pattern?: string }).pattern).toBe(VERSION_PATTERN);
    // And ajv reads the pattern as the JavaScript RegExp does.
    const validate = new Ajv2020({ strict: false }).compile({ type: 'string', pattern: VERSION_PATTERN });
    expect(versions.filter(([v]) => validate(v) !== isVersion(v))).toEqual([]);
  });

  it.each(versions.filter(([v, ok]) => !ok && v !== ''))('openSource refuses the release `@%s`', (v) => {
    expect(() => openSource(`@${v}`, { repoRoot: '/nonexistent' })).toThrow(
      new SourceError('SOURCE_BAD_NAME', `Unexpected release \`@${v}\`, expected \`@\` and a version such as \`@1.0.0\``),
    );
  });

  it('orders by semver precedence (semver.org §11)', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta.11',
      '1.0.0-beta.2',
      '0.9.9',
      '10.0.0',
      '2.0.0',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '10.0.0',
    ]);
  });
});
