import {
  eventBody,
  type FrontDoor,
  type FrontDoorName,
  formatTime,
  forwardedHeaders,
  type HttpRequestData,
  headerPairs,
  headerValue,
  jsonError,
  resultResponse,
  splitTarget,
} from './frontDoor.js';

/** Builds an `httpApi` (payload 2.0) event, as an HTTP API sends it, or a Function URL (`httpApi: false`). */
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
 * Reads an `httpApi` (payload 2.0) result as API Gateway and Function URLs do: an object with `statusCode`
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

function frontDoor(name: FrontDoorName, httpApi: boolean, functionError: () => Response): FrontDoor {
  return {
    name,
    toEvent: (request) => httpApiEvent(request, httpApi),
    toResponse: httpApiResponse,
    functionError,
  };
}

/** A Lambda Function URL. */
export const functionUrl = frontDoor(
  'function-url',
  false,
  () => new Response('Internal Server Error', { status: 502, headers: { 'content-type': 'text/plain' } }),
);

/** An API Gateway HTTP API with a payload 2.0 Lambda integration. */
export const httpApi = frontDoor('http-api', true, () =>
  jsonError(500, { message: 'Internal Server Error' }),
);

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
