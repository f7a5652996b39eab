import { CcfError, type CcfErrorOptions } from '@ccf/core/errors';

/** The statuses a handler answers with on purpose; anything else is a 503 `internal`. */
export type HttpStatus = 400 | 403 | 404 | 405 | 414 | 421 | 500 | 501 | 503;

/**
 * Thrown by handlers to answer with a JSON (API) or HTML (page) error. `code` is the API's `error.code` (kebab-case,
 * part of the published contract), not a CLI code.
 */
export class HttpError extends CcfError {
  constructor(
    readonly status: HttpStatus,
    code: string,
    message: string,
    options?: CcfErrorOptions,
  ) {
    super(code, message, options);
  }
}
