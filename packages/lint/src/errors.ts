import { CcfError } from '@ccf/core/errors';

/** Why `ccf.config.json` cannot be used. */
export type ConfigErrorCode = 'CONFIG_UNREADABLE' | 'CONFIG_SYNTAX' | 'CONFIG_INVALID';

/**
 * A config file that cannot be used: the CLI prints it with its place and exits 2. The message holds no position:
 * `file`, `line` and `column` carry it, and the reporter shows it.
 */
export class ConfigError extends CcfError {
  declare readonly code: ConfigErrorCode;
  declare readonly file: string;
  declare readonly line: number;
  declare readonly column: number;

  constructor(
    code: ConfigErrorCode,
    message: string,
    where: { file: string; line: number; column: number },
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(code, message, { ...options, ...where });
  }
}
