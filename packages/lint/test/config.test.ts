import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/index.js';
import { parseConfig } from '../src/config.js';

function fail(text: string): ConfigError {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('ccf.config.json', () => {
  it('reads rule severities and against', () => {
    expect(parseConfig('{ "rules": { "trademark": "off", "no-empty-pathway-occupations": "error" }, "against": "@1.0.0" }')).toEqual({
      rules: { trademark: 'off', 'no-empty-pathway-occupations': 'error' },
      against: '@1.0.0',
    });
  });
  it('points at an unknown rule id', () => {
    const e = fail('{\n  "rules": {\n    "trademrk": "off"\n  }\n}\n');
    expect([e.line, e.column]).toEqual([3, 5]);
    expect(e.message).toMatch(/Unexpected rule `trademrk`/);
  });
  it('points at a bad severity', () => {
    const e = fail('{\n  "rules": { "trademark": "fatal" }\n}');
    expect([e.line, e.column]).toEqual([2, 27]);
    expect(e.message).toMatch(/expected one of: error, warning, info, off/);
  });
  it('points at a JSON syntax error', () => {
    const e = fail('{\n  "rules": {,\n}');
    expect(e.line).toBe(2);
  });
  it('refuses an unknown top-level key', () => {
    expect(fail('{ "rule": {} }').message).toMatch(/Unexpected property `rule`/);
  });
});

describe('ccf.config.json `changes`', () => {
  it('reads a level per change rule, `off` included', () => {
    expect(parseConfig('{ "changes": { "order-changed": "off", "node-added": "breaking" } }')).toEqual({
      changes: { 'order-changed': 'off', 'node-added': 'breaking' },
    });
  });
  it('points at an unknown change rule id', () => {
    const e = fail('{\n  "changes": {\n    "node-gone": "off"\n  }\n}\n');
    expect([e.line, e.column]).toEqual([3, 5]);
    expect(e.message).toMatch(/Unexpected change rule `node-gone` at `\/changes`, expected a ccf change rule id/);
  });
  it('points at a level that is a lint severity', () => {
    const e = fail('{\n  "changes": { "node-added": "error" }\n}');
    expect([e.line, e.column]).toEqual([2, 30]);
    expect(e.message).toMatch(/expected one of: breaking, notable, editorial, off/);
  });
});
