import { CcfError } from '@ccf/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/index.js';

function fail(text: string): ConfigError {
  try {
    parseConfig(text, 'ccf.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('ConfigError', () => {
  it('extends CcfError and carries code, hint and cause', () => {
    const cause = new Error('EISDIR');
    const e = new ConfigError('CONFIG_UNREADABLE', 'm', { file: 'ccf.config.json', line: 1, column: 1 }, { hint: 'h', cause });
    expect(e).toBeInstanceOf(CcfError);
    expect(e).toMatchObject({ name: 'ConfigError', code: 'CONFIG_UNREADABLE', hint: 'h', cause });
  });

  it('keeps the position as data and out of the message: the reporter shows it', () => {
    const e = fail('{\n  "rules": { "trademrk": "off" }\n}\n');
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', file: 'ccf.config.json', line: 2, column: 14 });
    expect(e.message).toBe('Unexpected rule `trademrk` at `/rules`, expected a ccf rule id');
    expect(e.hint).toMatch(/ccf-config\.schema\.json/);
  });

  it('a syntax error says so by code, with yaml’s error as the cause', () => {
    const e = fail('{\n  "rules": {,}\n}\n');
    expect(e).toMatchObject({ code: 'CONFIG_SYNTAX', file: 'ccf.config.json', line: 2 });
    expect(e.message).not.toMatch(/^ccf\.config\.json:/);
    expect((e.cause as { code?: string }).code).toBeTypeOf('string');
  });
});
