import { toBase64 } from './base64.js';

/** An HTTP request as a front door receives it, body already buffered (Lambda buffers it too). */
export interface HttpRequestData {
  /** The request method, as sent. */
  method: string;
  /** Path and query exactly as sent. */
  target: string;
  /** Header pairs in arrival order, names as sent. */
  headers: [string, string][];
  /** The whole body. */
  body: Uint8Array;
  /** The client's address. */
  sourceIp: string;
  /** The id the event's request context carries. */
  requestId: string;
  /** When the request arrived (request contexts carry it). */
  time: Date;
}

/** A Web `Request` as a front door receives it (srvx's `requestToAwsEvent` direction). */
export async function webRequestData(request: Request, sourceIp: string): Promise<HttpRequestData> {
  const url = new URL(request.url);
  const headers: [string, string][] = [];
  for (const [name, value] of request.headers) headers.push([name, value]);
  if (!request.headers.has('host')) headers.unshift(['host', url.host]);
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    headers,
    body: new Uint8Array(await request.arrayBuffer()),
    sourceIp,
    requestId: crypto.randomUUID(),
    time: new Date(),
  };
}

// The types AWS front doors pass as text (no binary media type configured); the rest go base64.
const TEXT_TYPE = /^\s*(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml)\b|application\/javascript\b)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text bodies travel as a string, everything else (compressed, or not UTF-8) base64. */
export function eventBody(request: HttpRequestData): {
  /** The body as the event carries it. */
  body: string;
  /** Whether `body` is base64. */
  isBase64Encoded: boolean;
} {
  const type = headerValue(request, 'content-type');
  const encoding = headerValue(request, 'content-encoding');
  const identity = !encoding || encoding.trim().toLowerCase() === 'identity';
  if (identity && (!type || TEXT_TYPE.test(type))) {
    try {
      return { body: utf8.decode(request.body), isBase64Encoded: false };
    } catch {
      // Not UTF-8: only base64 carries it unchanged.
    }
  }
  return { body: toBase64(request.body), isBase64Encoded: true };
}

/** The last (or first) value of a header, matched case-insensitively. */
export function headerValue(
  request: HttpRequestData,
  name: string,
  which: 'first' | 'last' = 'last',
): string | undefined {
  let found: string | undefined;
  for (const [key, value] of request.headers) {
    if (key.toLowerCase() !== name) continue;
    found = value;
    if (which === 'first') break;
  }
  return found;
}

/** Splits `target` into the path and the raw query (without `?`). */
export function splitTarget(target: string): {
  /** The path, still percent-encoded. */
  path: string;
  /** The raw query, without `?`. */
  query: string;
} {
  const index = target.indexOf('?');
  return index < 0
    ? { path: target, query: '' }
    : { path: target.slice(0, index), query: target.slice(index + 1) };
}

/** The headers every AWS front door adds on the way in. */
export function forwardedHeaders(request: HttpRequestData): [string, string][] {
  const seconds = Math.floor(request.time.getTime() / 1000).toString(16);
  return [
    ['x-forwarded-for', request.sourceIp],
    ['x-forwarded-proto', 'https'],
    ['x-forwarded-port', '443'],
    ['x-amzn-trace-id', `Root=1-${seconds}-${request.requestId.replaceAll('-', '').slice(0, 24)}`],
  ];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `21/Apr/2020:15:08:21 +0000`, the request-context time format. */
export function formatTime(time: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${two(
    time.getUTCHours(),
  )}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`;
}
