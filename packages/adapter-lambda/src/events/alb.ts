import { alwaysDecodes } from '../binaryMediaTypes.js';
import { addHeader } from '../request.js';
import { multiValueHeaders, singleValueHeaders } from '../responseHeaders.js';
import type { AlbEvent, AlbResult } from '../types.js';
import type { EventProcessor } from './eventProcessor.js';

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** ALB with single-value headers: one value per header and query parameter (the last sent). */
export const alb: EventProcessor<AlbEvent, AlbResult> = {
  requestParts(event) {
    const headers = new Map<string, string[]>();
    for (const [name, value] of Object.entries(event.headers ?? {})) addHeader(headers, name, value);
    const query = Object.entries(event.queryStringParameters ?? {}).flatMap(([name, value]) =>
      value === undefined || value === null ? [] : [`${name}=${value}`],
    );
    return albParts(event, headers, query);
  },
  clientAddress: albClientAddress,
  decodesBase64: alwaysDecodes,
  result: (_event, response, body) => ({
    ...albStatus(response),
    headers: singleValueHeaders(response.headers),
    ...body,
  }),
};

/** ALB with multi-value headers on: the event has `multiValueHeaders` and no `headers` (hono#2493). */
export const albMultiValue: EventProcessor<AlbEvent, AlbResult> = {
  requestParts(event) {
    const headers = new Map<string, string[]>();
    for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
      for (const value of values ?? []) addHeader(headers, name, value);
    }
    const query = Object.entries(event.multiValueQueryStringParameters ?? {}).flatMap(([name, values]) =>
      (values ?? []).map((value) => `${name}=${value}`),
    );
    return albParts(event, headers, query);
  },
  clientAddress: albClientAddress,
  decodesBase64: alwaysDecodes,
  result: (_event, response, body) => ({
    ...albStatus(response),
    multiValueHeaders: multiValueHeaders(response.headers),
    ...body,
  }),
};

// ALB passes query strings on still percent-encoded, so they are joined exactly as sent.
function albParts(event: AlbEvent, headers: Map<string, string[]>, query: string[]) {
  return {
    method: event.httpMethod,
    host: headers.get('host')?.[0],
    path: event.path,
    query: query.join('&'),
    headers,
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
  };
}

// ALB appends the address it saw to X-Forwarded-For: the last entry is the one to trust.
function albClientAddress(event: AlbEvent): string | undefined {
  const forwarded =
    event.multiValueHeaders?.['x-forwarded-for']?.join(',') ?? event.headers?.['x-forwarded-for'];
  return forwarded?.split(',').at(-1)?.trim() || undefined;
}

function albStatus(response: Response) {
  const reason = REASONS[response.status] ?? response.statusText;
  return {
    statusCode: response.status,
    statusDescription: reason ? `${response.status} ${reason}` : String(response.status),
  };
}
