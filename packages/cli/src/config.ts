import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, findConfig, loadConfig, type LintConfig } from '@ccf/lint';
import { UsageError, type Io } from './io.js';

/**
 * Reads `ccf.config.json`: the file named with `--config`, else the nearest one in `dir` or a folder above it; none
 * at all is the empty config. A config that cannot be used is a usage error with its place (exit 2).
 */
export function readConfig(dir: string, io: Io, explicit?: string): LintConfig {
  const path = explicit ? (isAbsolute(explicit) ? explicit : resolve(io.cwd, explicit)) : findConfig(dir);
  if (!path) return {};
  if (explicit && !existsSync(path)) throw new UsageError(`No such config file: ${explicit}`);
  try {
    return loadConfig(path, relative(io.cwd, path) || path);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(error.message, 'See schemas/ccf-config.schema.json for what ccf.config.json may hold.');
    throw error;
  }
}
