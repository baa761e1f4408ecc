import { fromBase64 } from './base64.js';
import {
  eventBody,
  formatTime,
  forwardedHeaders,
  type HttpRequestData,
  headerValue,
  splitTarget,
} from './requestData.js';

/**
 * Builds a payload 2.0 event: as a Function URL sends it (`httpApi: false`, what the invoker
 * sends), or as an HTTP API does (`httpApi: true`).
 */
export function httpApiEvent(request: HttpRequestData, httpApi: boolean): object {
  const { path, query } = splitTarget(request.target);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of [...request.headers, ...forwardedHeaders(request)]) {
    const key = name.toLowerCase();
    if (key === 'cookie')
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
    // Payload 2.0 joins repeated headers with a comma.
    else headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  const host = headerValue(request, 'host') ?? 'localhost';
  const apiId = httpApi ? 'localapi01' : 'local-function-url';
  const hasBody = request.body.byteLength > 0;
  return {
    version: '2.0',
    ...(httpApi ? { routeKey: '$default' } : {}),
    rawPath: path,
    rawQueryString: query,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: parameters } : {}),
    requestContext: {
      accountId: httpApi ? '123456789012' : 'anonymous',
      apiId,
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: request.method,
        path: decodePath(path),
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headerValue(request, 'user-agent') ?? '',
      },
      requestId: request.requestId,
      ...(httpApi ? { routeKey: '$default', stage: '$default' } : {}),
      time: formatTime(request.time),
      timeEpoch: request.time.getTime(),
    },
    ...(hasBody ? eventBody(request) : { isBase64Encoded: false }),
  };
}

/**
 * Reads a payload 2.0 result as API Gateway and Function URLs do: an object with `statusCode`
 * is a response; anything else is a JSON body with status 200.
 */
export function httpApiResponse(result: unknown): Response {
  if (!result || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result as Record<string, unknown>;
  const pairs = headerPairs(headers);
  if (Array.isArray(cookies)) for (const cookie of cookies) pairs.push(['set-cookie', String(cookie)]);
  return resultResponse(statusCode, pairs, body, isBase64Encoded);
}

/** Thrown when a function's result is not what the front door expects. */
export class MalformedResultError extends Error {}

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
  const nullBody = status === 204 || status === 205 || status === 304;
  try {
    const bytes =
      typeof body !== 'string' || body === '' || nullBody
        ? null
        : isBase64Encoded === true
          ? fromBase64(body)
          : new TextEncoder().encode(body);
    return new Response(bytes, { status, headers });
  } catch (error) {
    // Bad base64 or a header value Response refuses.
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

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
