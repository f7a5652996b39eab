import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { findConfig, loadConfig, type LintConfig } from '@ccf/lint';
import { UsageError, type Io } from './io.js';

/**
 * Reads `ccf.config.json`: the file named with `--config`, else the nearest one in `dir` or a folder above it; none
 * at all is the empty config. A config that cannot be used is a ConfigError with its place (exit 2).
 */
export function readConfig(dir: string, io: Io, explicit?: string): LintConfig {
  const path = explicit ? (isAbsolute(explicit) ? explicit : resolve(io.cwd, explicit)) : findConfig(dir);
  if (!path) return {};
  if (explicit && !existsSync(path)) throw new UsageError('USAGE_NO_SUCH_FILE', `No such config file: ${explicit}`);
  return loadConfig(path, relative(io.cwd, path) || path);
}
