/**
 * Compressed responses, decided once for every adapter that compresses itself (Node, Lambda, GCF):
 * which encoding a request accepts, and whether a response is worth compressing. The adapter
 * brings the compressor (its runtime's zlib); the platform does it where it compresses anyway.
 */

/** An encoding an adapter can produce. */
export type ContentCoding = 'br' | 'gzip';

/** Below this many bytes (when the response says its length) compression costs more than it saves. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Text responses (CSV, TSV, JSON, problem+json): the only ones csvfn sends that shrink. */
const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:[\w.+-]+\+)?json\b)/i;

/**
 * The coding to respond with, from `Accept-Encoding` (RFC 9110 §12.5.3): the highest `q` among
 * `offered`; on a tie, the earlier in `offered`. `undefined` for identity (no header, `q=0`,
 * nothing offered accepted). A `*` accepts whatever is not listed.
 */
export function negotiateEncoding(
  acceptEncoding: string | null | undefined,
  offered: readonly ContentCoding[],
): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number(value?.trim());
    }
    weights.set(coding, Number.isFinite(q) ? q : 0);
  }
  let best: ContentCoding | undefined;
  let bestQ = 0;
  for (const coding of offered) {
    const q = weights.get(coding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * What the compression decision reads of a response: its status, its headers and whether it has a
 * body. A `Response` is one; so are the parts of one an adapter holds whole (Node's lean answers),
 * which it can decide on without building a body stream.
 */
export interface CompressionCandidate {
  /** The response's status: only a 2xx is compressed. */
  readonly status: number;
  /** Its headers: `Content-Type`, `Content-Encoding`, `Content-Length` and `Cache-Control` decide. */
  readonly headers: Headers;
  /** Anything but `null` (or an empty string) is a body. */
  readonly body: unknown;
}

/**
 * Whether `response` is worth compressing for `request`: a 2xx text response with a body, not already
 * encoded, not marked `no-transform`, not a `HEAD`, and not known to be tiny.
 */
export function isCompressible(request: Request, response: CompressionCandidate): boolean {
  const { headers, status } = response;
  if (!response.body || request.method === 'HEAD') return false;
  // Success responses only: errors (problem+json) are a few hundred bytes.
  if (status < 200 || status >= 300 || status === 204 || status === 206) return false;
  if (headers.has('content-encoding') || !COMPRESSIBLE.test(headers.get('content-type') ?? '')) return false;
  if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return false;
  const length = headers.get('content-length');
  return length === null || Number(length) >= MIN_COMPRESSED_BYTES;
}

/**
 * The response as the client asked for it: compressed with the best of `offered` that its
 * `Accept-Encoding` takes (the compressor from `compressor(coding)`), else unchanged. A request
 * with no `Accept-Encoding` gets the response untouched: identity suits every client, so a cache
 * may share it; any other compressible response says `Vary: Accept-Encoding`.
 */
export function compressResponse(
  request: Request,
  response: Response,
  offered: readonly ContentCoding[],
  compressor: (coding: ContentCoding) => ReadableWritablePair<Uint8Array, Uint8Array>,
): Response {
  const coding = responseCoding(request, response, offered);
  return coding ? compressedResponse(response, coding, compressor(coding)) : response;
}

/**
 * The decision of {@link compressResponse}, for an adapter that compresses the body its own way
 * (a whole body in one call): the coding to compress `response` with, or `undefined` to send it as
 * it is. When the request's `Accept-Encoding` chose identity for a compressible response, this adds
 * its `Vary: Accept-Encoding`.
 */
export function responseCoding(
  request: Request,
  response: CompressionCandidate,
  offered: readonly ContentCoding[],
): ContentCoding | undefined {
  const accepted = request.headers.get('accept-encoding');
  if (accepted === null || !isCompressible(request, response)) return undefined;
  const coding = negotiateEncoding(accepted, offered);
  if (coding) return coding;
  try {
    varyOnAcceptEncoding(response.headers);
  } catch {
    // Immutable headers (a fetched Response): a cache key it cannot carry, the body is right.
  }
  return undefined;
}

/**
 * `Vary: Accept-Encoding` on a response that could have been compressed, so a cache keeps the
 * two forms apart. Added whether or not this one was.
 */
export function varyOnAcceptEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary))
    headers.set('vary', `${vary}, Accept-Encoding`);
}

/**
 * `response` with its body passed through `compressor` (which produces `coding`): the same status,
 * the headers copied and set by {@link setCompressedHeaders} without a `Content-Length` (the new one
 * is unknown until the end). The body stays a stream: chunks go out as the compressor flushes them.
 */
export function compressedResponse(
  response: Response,
  coding: ContentCoding,
  compressor: ReadableWritablePair<Uint8Array, Uint8Array>,
): Response {
  const headers = new Headers(response.headers);
  setCompressedHeaders(headers, coding);
  return new Response(response.body!.pipeThrough(compressor), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * Turns `headers` into those of their body compressed with `coding`: `Content-Encoding`,
 * `Vary: Accept-Encoding`, and `Content-Length` set to `length` when the compressed size is known
 * (a whole body compressed at once), else removed.
 */
export function setCompressedHeaders(headers: Headers, coding: ContentCoding, length?: number): void {
  headers.set('content-encoding', coding);
  if (length === undefined) headers.delete('content-length');
  else headers.set('content-length', String(length));
  varyOnAcceptEncoding(headers);
}
