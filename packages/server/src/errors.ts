import { CcfError, type CcfErrorOptions } from '@ccf/core/errors';
import type { Context } from 'hono';
import { HTML_TYPE } from './doc.js';
import { headersFor, isPublished, PRIVATE_HEADERS } from './headers.js';
import type { PageContext } from './pages/layout.js';
import { errorPage } from './pages/other.js';
import { codeMinorOf, imsx, imsxStatusInfo } from './routes/case.js';

/** The statuses a handler answers with on purpose; anything else is a 503 `internal`. */
export type HttpStatus = 400 | 403 | 404 | 405 | 409 | 413 | 414 | 415 | 421 | 422 | 500 | 501 | 503;

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

export type ErrorResponder = (c: Context, err: HttpError) => Promise<Response>;

/** Answers an HttpError: JSON under /api/ (and for a foreign host), else an HTML page of the current snapshot. */
export function errorResponder(pageContext: () => PageContext): ErrorResponder {
  return async (c, err) => {
    // A request for a foreign host gets nothing another site could read, whatever its path.
    const headers: Record<string, string> = { ...(err.status === 421 ? PRIVATE_HEADERS : headersFor(c)), 'Cache-Control': 'no-store' };
    if (err.status === 405) headers['Allow'] = isPublished(c) ? 'GET, HEAD, OPTIONS' : 'GET, HEAD';
    // CASE clients read an imsx_StatusInfo for every error of the binding, including the guards' and unknown paths.
    if (c.req.path.startsWith('/ims/case/') && err.status !== 421)
      return imsx(c, err.status, imsxStatusInfo(err.message, codeMinorOf(err.status)), headers);
    if (c.req.path.startsWith('/api/') || err.status === 421) {
      return c.body(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`, err.status, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
      });
    }
    const title = err.status === 404 ? 'Not found' : err.status === 400 ? 'Bad request' : 'Error';
    const page = errorPage(pageContext(), title, err.message);
    return c.body(page.value, err.status, { ...headers, 'Content-Type': HTML_TYPE });
  };
}
