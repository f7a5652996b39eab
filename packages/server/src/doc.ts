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

/** Sends a document with ETag, Cache-Control and Vary; 304 when the client has it; gzip when asked. */
export function send(
  c: Context,
  doc: Doc,
  status: 200 | 400 | 404 | 409 | 410 | 422 | 501 = 200,
  extra?: Record<string, string>,
): Response {
  const gzEtag = doc.gz ? `${doc.etag.slice(0, -1)}-gz"` : undefined;
  const headers: Record<string, string> = { 'Cache-Control': doc.cacheControl, ...extra };
  if (doc.gz) headers['Vary'] = 'Accept-Encoding';
  if (status === 200 && matches(c.req.header('if-none-match'), gzEtag ? [doc.etag, gzEtag] : [doc.etag])) {
    return c.body(null, 304, { ...headers, ETag: doc.etag });
  }
  headers['Content-Type'] = doc.type;
  if (doc.gz && acceptsGzip(c.req.header('accept-encoding'))) {
    return c.body(doc.gz as Uint8Array<ArrayBuffer>, status, { ...headers, ETag: gzEtag!, 'Content-Encoding': 'gzip' });
  }
  return c.body(doc.body as Uint8Array<ArrayBuffer>, status, { ...headers, ETag: doc.etag });
}
