import type { Context, MiddlewareHandler } from 'hono';
import { requestHeader } from '../doc.js';
import { HttpError } from '../errors.js';
import { isPublished } from '../headers.js';

export interface GuardOptions {
  /** Host names the server answers to, or `'*'` for any (behind a proxy that checks it). */
  hosts: string[] | '*';
  /** The longest URL accepted. */
  maxUrl: number;
  /** Edit mode: POST is allowed under /edit/ (the edit routes check the token and the origin). */
  writes?: boolean;
}

/**
 * Refuses before anything else: an unknown Host (DNS rebinding), a method other than GET/HEAD (and OPTIONS for
 * a published release file), an overlong URL, a request another site makes for what only this machine's user
 * may read.
 */
export function guards({ hosts, maxUrl, writes = false }: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    if (hosts !== '*') {
      const host = hostOf(c);
      if (!hosts.includes(host)) throw new HttpError(421, 'bad-host', `Unexpected host \`${host}\`, expected one of ${hosts.join(', ')}`);
    }
    const method = c.req.method;
    const write = writes && method === 'POST' && c.req.path.startsWith('/edit/');
    if (method !== 'GET' && method !== 'HEAD' && !(method === 'OPTIONS' && isPublished(c)) && !write) {
      throw new HttpError(405, 'method-not-allowed', `Unexpected method ${method}, expected GET or HEAD`);
    }
    if (c.req.url.length > maxUrl)
      throw new HttpError(414, 'uri-too-long', `Unexpected URL of ${c.req.url.length} characters, expected at most ${maxUrl}`);
    if (!isPublished(c) && crossSite(c))
      throw new HttpError(
        403,
        'cross-site',
        'Unexpected request from another site, expected one from this preview: it shows the work tree and git refs of this machine',
      );
    await next();
  };
}

/**
 * Whether a browser says a page of another origin made this request (Fetch Metadata; `same-site` counts:
 * another port on localhost is another program). Without CORS such a site cannot
 * read the answer, but it can still make the server work and load the answer as a script or an image, so
 * only a top-level navigation (a link the user follows into their own tab) is let through, and not even
 * that for a page that reads git refs (`/diff?from=main`): which refs get read is the user's choice.
 * Clients that send no Fetch Metadata (curl, scripts, older browsers) pass: for them CORS alone keeps other
 * sites from reading.
 */
function crossSite(c: Context): boolean {
  const site = requestHeader(c, 'sec-fetch-site');
  if (!site || site === 'same-origin' || site === 'none') return false;
  const navigation = c.req.header('sec-fetch-mode') === 'navigate' && (c.req.header('sec-fetch-dest') ?? 'document') === 'document';
  if (!navigation || c.req.path.startsWith('/api/') || c.req.path === '/_live') return true;
  const reads = (name: string): boolean => c.req.queries(name)?.some((v) => v !== '' && !v.startsWith('@')) ?? false;
  return reads('from') || reads('to');
}

/** The host name a request was sent to, from the Host header (cheap), else the URL. */
function hostOf(c: Context): string {
  const header = requestHeader(c, 'host');
  if (!header) return new URL(c.req.url).hostname.toLowerCase();
  const h = header.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}
