import type { Context } from 'hono';

/** A response body encoded once: bytes, a strong ETag, and a gzip copy when it pays. */
export interface Doc {
  body: Uint8Array;
  /** Quoted strong ETag of `body`. */
  etag: string;
  type: string;
  cacheControl: string;
  /** gzip of `body`, when it is smaller; served with the ETag suffixed `-gz`. */
  gz?: Uint8Array;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

/** Revalidate every time: content can change under the same URL. */
export const REVALIDATE = 'no-cache';
/** Published files never change under their URL. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const encoder = new TextEncoder();

/** Quoted strong ETag: SHA-256 of the bytes, first 128 bits, base64url. */
export async function etagOf(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let bin = '';
  for (const b of digest.subarray(0, 16)) bin += String.fromCharCode(b);
  return `"${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`;
}

/** gzip through the Web CompressionStream. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Below this, gzip costs more than it saves. */
const GZIP_MIN = 1024;

/** Encodes a body once: text or JSON data to bytes, ETag, gzip. */
export async function makeDoc(content: string | Uint8Array, type: string, cacheControl = REVALIDATE): Promise<Doc> {
  const body = typeof content === 'string' ? encoder.encode(content) : content;
  const doc: Doc = { body, etag: await etagOf(body), type, cacheControl };
  if (body.byteLength >= GZIP_MIN && compressible(type)) {
    const gz = await gzip(body);
    if (gz.byteLength < body.byteLength) doc.gz = gz;
  }
  return doc;
}

/** JSON with a trailing newline, as every API document. */
export function jsonDoc(data: unknown, cacheControl = REVALIDATE): Promise<Doc> {
  return makeDoc(`${JSON.stringify(data, null, 2)}\n`, JSON_TYPE, cacheControl);
}

function compressible(type: string): boolean {
  return /^(text\/|application\/(json|ld\+json|xml|atom\+xml|feed\+json|javascript|geo\+json)|image\/svg)/.test(type);
}

/** Whether an If-None-Match header value matches one of the ETags (weak comparison, RFC 9110 §13.1.2). */
export function matches(ifNoneMatch: string | undefined, etags: string[]): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  const wanted = etags.map(strip);
  return ifNoneMatch.split(',').some((t) => wanted.includes(strip(t)));
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** The Node adapter's parsed request headers (`c.env.incoming`, @hono/node-server's HttpBindings), when there are any. */
type NodeIncoming = { incoming?: { headers?: Record<string, string | string[] | undefined> } };

/**
 * One request header. On Node it is read from the adapter's already parsed `IncomingMessage.headers`: asking
 * `c.req.header()` makes @hono/node-server build a whole Web `Headers` object from the raw headers on every
 * request, which costs more than the rest of answering from a prepared document. Other runtimes (and
 * `app.request()` in tests) use the Request's headers. Node joins repeated headers with `, `, as `Headers` does.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const headers = (c.env as NodeIncoming | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The header objects of one document's answers, made once per set of extra headers (a document's bytes never change). */
interface Prepared {
  plain: Record<string, string>;
  gz?: Record<string, string>;
  notModified: Record<string, string>;
}

const prepared = new WeakMap<Doc, WeakMap<object, Map<string, Prepared>>>();
const NONE = {};

/**
 * The prepared headers of a document's answer: `base` is one of a few shared objects (the security headers), keyed by
 * identity; `extra` holds one or two per-view values (CCF-Release), keyed by value.
 */
function prepare(doc: Doc, status: number, base: Record<string, string> | undefined, extra: Record<string, string> | undefined): Prepared {
  let byBase = prepared.get(doc);
  if (!byBase) prepared.set(doc, (byBase = new WeakMap()));
  let byExtra = byBase.get(base ?? NONE);
  if (!byExtra) byBase.set(base ?? NONE, (byExtra = new Map()));
  let key = String(status);
  if (extra) for (const k in extra) key += `\0${k}\0${extra[k]}`;
  let p = byExtra.get(key);
  if (p) return p;
  const common: Record<string, string> = { 'Cache-Control': doc.cacheControl, ...base, ...extra };
  if (doc.gz) common['Vary'] = 'Accept-Encoding';
  p = {
    notModified: { ...common, ETag: doc.etag },
    // Content-Length given: the adapter then writes the bytes with one `end()` and computes nothing.
    plain: { ...common, 'Content-Type': doc.type, ETag: doc.etag, 'Content-Length': String(doc.body.byteLength) },
  };
  if (doc.gz)
    p.gz = {
      ...common,
      'Content-Type': doc.type,
      ETag: `${doc.etag.slice(0, -1)}-gz"`,
      'Content-Encoding': 'gzip',
      'Content-Length': String(doc.gz.byteLength),
    };
  byExtra.set(key, p);
  return p;
}

/**
 * Sends a document with ETag, Cache-Control and Vary; 304 when the client has it; gzip when asked.
 *
 * The answer is a plain `Response` of the prepared bytes with a plain header object, not `c.body()`: hono turns
 * a header object of more than one entry into a `Headers`, which @hono/node-server then converts back into an
 * object for `writeHead()`. A `Response` made with a `Uint8Array` and an object goes through the adapter's
 * fast path (`writeHead(status, headers)` then `end(bytes)`); on other runtimes it is an ordinary Response.
 */
export function send(
  c: Context,
  doc: Doc,
  status: 200 | 400 | 404 | 409 | 410 | 422 | 501 = 200,
  extra?: Record<string, string>,
  base?: Record<string, string>,
): Response {
  const p = prepare(doc, status, base, extra);
  if (status === 200 && matches(requestHeader(c, 'if-none-match'), p.gz ? [doc.etag, p.gz.ETag!] : [doc.etag])) {
    return new Response(null, { status: 304, headers: p.notModified });
  }
  if (p.gz && acceptsGzip(requestHeader(c, 'accept-encoding'))) {
    return new Response(doc.gz as Uint8Array<ArrayBuffer>, { status, headers: p.gz });
  }
  return new Response(doc.body as Uint8Array<ArrayBuffer>, { status, headers: p.plain });
}
