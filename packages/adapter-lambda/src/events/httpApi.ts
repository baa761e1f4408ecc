import { alwaysDecodes } from '../binaryMediaTypes.js';
import { addHeader } from '../request.js';
import { singleValueHeaders } from '../responseHeaders.js';
import type { HttpApiEvent, HttpApiResult } from '../types.js';
import type { EventProcessor } from './eventProcessor.js';

/** HTTP API (payload 2.0) and Function URLs, which send the same event and take the same result. */
export const httpApi: EventProcessor<HttpApiEvent, HttpApiResult> = {
  requestParts(event) {
    const headers = new Map<string, string[]>();
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      // Payload 2.0 moves cookies to `cookies[]`; the array is the one source of truth.
      if (name.toLowerCase() !== 'cookie' || !event.cookies?.length) addHeader(headers, name, value);
    }
    for (const cookie of event.cookies ?? []) addHeader(headers, 'cookie', cookie);
    return {
      method: event.requestContext.http.method,
      host: event.requestContext.domainName,
      path: event.rawPath,
      query: event.rawQueryString ?? '',
      headers,
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
    };
  },

  clientAddress: (event) => event.requestContext.http.sourceIp,

  decodesBase64: alwaysDecodes,

  result(_event, response, body) {
    const cookies = response.headers.getSetCookie();
    return {
      statusCode: response.status,
      headers: singleValueHeaders(response.headers),
      ...(cookies.length > 0 ? { cookies } : {}),
      ...body,
    };
  },
};
