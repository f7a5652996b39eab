import type { Context } from 'hono';
import { send, type Doc } from './doc.js';

// Security and CORS headers go into the response as it is made (one plain object), never patched
// onto it afterwards: hono's secureHeaders() and cors() rewrite c.res.headers after next(), which
// makes @hono/node-server give up its direct-write path and stream the body (measured: 5× slower
// on a 300 KB release file). The values are the ones secureHeaders() sends, plus a strict CSP.
// A plain object (not c.header() calls) also skips building a Headers object per request.
// Only published release files are for other sites (CORS): everything else shows the work tree or a git
// ref of the machine the preview runs on, which a page the user happens to visit must not read.

/**
 * Published for anyone: a release file (`/api/v1/releases/<version>/<file>`, immutable) and the CASE records of the
 * releases (`/ims/case/v1p1/…`, read by CASE consumers on other sites; the working content is not served there),
 * and the schemas (`/schemas/…`) that published files name as `$schema`.
 */
const PUBLISHED = /^\/(?:api\/v1\/releases\/[^/]+\/[^/]+$|ims\/case\/v1p1\/|schemas\/)/;

/** Whether a request is for a published release file or CASE record. */
export const isPublished = (c: Context): boolean => PUBLISHED.test(c.req.path);

/** Headers of everything that is not a published release file: same-origin only. */
export const PRIVATE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Not even embeddable (<script>, <img>) by another site: what is not readable should not load there either.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/** Headers of a published release file: any site may read it (CORS), and embed it. */
export const PUBLISHED_HEADERS: Record<string, string> = {
  ...PRIVATE_HEADERS,
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Content-Length, X-Total-Count, Link, CCF-Release',
};

/** The security (and, for release files, CORS) headers of a request's answer. */
export const headersFor = (c: Context): Record<string, string> => (isPublished(c) ? PUBLISHED_HEADERS : PRIVATE_HEADERS);

/** Every response goes out through here (or the error responder): one plain header object, no Headers rewriting. */
export const reply = (c: Context, doc: Doc, status?: Parameters<typeof send>[2], extra?: Record<string, string>): Response =>
  send(c, doc, status, extra, headersFor(c));
