import { restApiDecodes } from '../binaryMediaTypes.js';
import { addHeader } from '../request.js';
import { multiValueHeaders, singleValueHeaders } from '../responseHeaders.js';
import type { RestApiEvent, RestApiResult } from '../types.js';
import type { EventProcessor } from './eventProcessor.js';

/**
 * API Gateway REST API (payload 1.0). It sends every header twice, in `headers` and
 * `multiValueHeaders`; only the latter is read, or values would double (hono#2550).
 */
export const restApi: EventProcessor<RestApiEvent, RestApiResult> = {
  requestParts(event) {
    const headers = new Map<string, string[]>();
    if (event.multiValueHeaders) {
      for (const [name, values] of Object.entries(event.multiValueHeaders)) {
        for (const value of values ?? []) addHeader(headers, name, value);
      }
    } else {
      for (const [name, value] of Object.entries(event.headers ?? {})) addHeader(headers, name, value);
    }
    return {
      method: event.httpMethod,
      host: event.requestContext?.domainName,
      path: event.path,
      query: encodeQuery(event),
      headers,
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
    };
  },

  clientAddress: (event) => event.requestContext?.identity?.sourceIp,

  // The gateway reads the first Accept as the client sent it; a repeated header counts its first.
  decodesBase64: (event, binaryMediaTypes) => restApiDecodes(firstAccept(event), binaryMediaTypes),

  result(event, response, body) {
    // One header form only: API Gateway merges both, duplicating values (hono#3883).
    return event.multiValueHeaders
      ? { statusCode: response.status, multiValueHeaders: multiValueHeaders(response.headers), ...body }
      : { statusCode: response.status, headers: singleValueHeaders(response.headers), ...body };
  },
};

// API Gateway hands over decoded values; encode them again so the handler decodes exactly once.
function encodeQuery(event: RestApiEvent): string {
  const pairs: string[] = [];
  const add = (name: string, value: string) =>
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  if (event.multiValueQueryStringParameters) {
    for (const [name, values] of Object.entries(event.multiValueQueryStringParameters)) {
      for (const value of values ?? []) add(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined && value !== null) add(name, value);
    }
  }
  return pairs.join('&');
}

// The gateway reads only the first media type of the first Accept header.
function firstAccept(event: RestApiEvent): string | undefined {
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (name.toLowerCase() === 'accept' && values?.[0] !== undefined) return values[0];
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === 'accept' && value !== undefined) return value;
  }
  return undefined;
}
