import { isTextBody } from '@csvfn/adapter-lambda/internal';

/** The AWS services that turn an HTTP request into a Lambda event. */
export type FrontDoorName = 'function-url' | 'http-api' | 'rest-api' | 'alb' | 'alb-multi-value';

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

/** What an AWS front door does on each side of the function. */
export interface FrontDoor {
  /** Which AWS service this front door plays. */
  readonly name: FrontDoorName;
  /** The event this front door would invoke the function with. */
  toEvent(request: HttpRequestData): object;
  /** The HTTP response for the function's (buffered) result; a malformed result is a function error. */
  toResponse(result: unknown): Response;
  /** What the client gets when the function fails or its result cannot be used. */
  functionError(): Response;
}

/** Thrown when a function's result is not what the front door expects. */
export class MalformedResultError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text bodies travel as a string, everything else (and anything not UTF-8) base64. */
export function eventBody(request: HttpRequestData): { body: string; isBase64Encoded: boolean } {
  const type = headerValue(request, 'content-type');
  if (isTextBody(type, headerValue(request, 'content-encoding'))) {
    try {
      return { body: utf8.decode(request.body), isBase64Encoded: false };
    } catch {
      // Not UTF-8: only base64 carries it unchanged.
    }
  }
  return { body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true };
}

/** The last value of a header, matched case-insensitively. */
export function headerValue(request: HttpRequestData, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of request.headers) if (key.toLowerCase() === name) found = value;
  return found;
}

/** Splits `target` into the path and the raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
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

/** Builds the client's Response from a result's parts; bad header values make the result malformed. */
export function resultResponse(
  status: unknown,
  headers: [string, string][],
  body: unknown,
  isBase64Encoded: unknown,
): Response {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new MalformedResultError('statusCode is not an HTTP status.');
  }
  const bytes =
    typeof body !== 'string' || body === ''
      ? null
      : isBase64Encoded === true
        ? Buffer.from(body, 'base64')
        : new TextEncoder().encode(body);
  const nullBody = status === 204 || status === 205 || status === 304;
  try {
    return new Response(nullBody ? null : bytes, { status, headers });
  } catch (error) {
    throw new MalformedResultError(error instanceof Error ? error.message : 'Malformed result.');
  }
}

/** The `[name, value]` pairs of a result's `headers` map, values as strings. */
export function headerPairs(headers: unknown): [string, string][] {
  if (!headers || typeof headers !== 'object') return [];
  return Object.entries(headers).flatMap(([name, value]) =>
    value === undefined || value === null ? [] : [[name, String(value)] as [string, string]],
  );
}

/** The `[name, value]` pairs of a result's `multiValueHeaders` map. */
export function multiValueHeaderPairs(headers: unknown): [string, string][] {
  if (!headers || typeof headers !== 'object') return [];
  return Object.entries(headers).flatMap(([name, values]) =>
    Array.isArray(values) ? values.map((value) => [name, String(value)] as [string, string]) : [],
  );
}

/** A JSON error answer, the form API Gateway and Function URLs use. */
export function jsonError(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `21/Apr/2020:15:08:21 +0000`, the request-context time format. */
export function formatTime(time: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${two(
    time.getUTCHours(),
  )}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`;
}
