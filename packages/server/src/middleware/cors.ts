import type { MiddlewareHandler } from 'hono';
import { PUBLISHED_HEADERS } from '../headers.js';

/**
 * Answers a CORS preflight. Only published release files get this far with OPTIONS (guards() refuses it
 * elsewhere); their GET answers carry the CORS headers themselves (headers.ts), so nothing is added after next().
 */
export function cors({ maxAge = 86400 }: { maxAge?: number } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      // If-None-Match is not a CORS-safelisted header, so revalidation asks first.
      const asked = (c.req.header('access-control-request-headers') ?? '').slice(0, 200);
      return c.body(null, 204, {
        ...PUBLISHED_HEADERS,
        'Access-Control-Allow-Methods': 'GET,HEAD,OPTIONS',
        ...(asked && /^[A-Za-z0-9, -]+$/.test(asked) ? { 'Access-Control-Allow-Headers': asked } : {}),
        'Access-Control-Max-Age': String(maxAge),
      });
    }
    await next();
  };
}
