import {
  type FrontDoor,
  formatTime,
  forwardedHeaders,
  type HttpRequestData,
  headerPairs,
  headerValue,
  jsonError,
  multiValueHeaderPairs,
  resultResponse,
  splitTarget,
} from './frontDoor.js';

/**
 * An API Gateway REST API with a Lambda proxy integration (payload 1.0), stage `local`, set up
 * with `binaryMediaTypes` (default none, as a new REST API). Header names keep the client's case.
 *
 * As API Gateway does (read 2026-12-07 from
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html):
 * a request body whose `Content-Type` is in the list arrives base64, any other as a UTF-8 string
 * (bytes that are not UTF-8 are replaced, not kept); a base64 result is decoded only when the
 * request's first `Accept` media type is in the list (the result's `Content-Type` when the request
 * has no `Accept`), else the client gets the base64 text itself.
 */
export function restApiFront(binaryMediaTypes: readonly string[] = []): FrontDoor {
  const front: FrontDoor = {
    name: 'rest-api',

    toEvent(request) {
      const { path, query } = splitTarget(request.target);
      const headers: Record<string, string> = {};
      const multiValueHeaders: Record<string, string[]> = {};
      for (const [name, value] of [...request.headers, ...forwardedHeaders(request)]) {
        headers[name] = value;
        const values = multiValueHeaders[name];
        if (values) values.push(value);
        else multiValueHeaders[name] = [value];
      }
      // API Gateway decodes query values before handing them over.
      const single: Record<string, string> = {};
      const multi: Record<string, string[]> = {};
      for (const [name, value] of new URLSearchParams(query)) {
        single[name] = value;
        const values = multi[name];
        if (values) values.push(value);
        else multi[name] = [value];
      }
      const host = headerValue(request, 'host') ?? 'localhost';
      const hasBody = request.body.byteLength > 0;
      return {
        resource: '/{proxy+}',
        path,
        httpMethod: request.method,
        headers,
        multiValueHeaders,
        queryStringParameters: query ? single : null,
        multiValueQueryStringParameters: query ? multi : null,
        pathParameters: { proxy: path.slice(1) },
        stageVariables: null,
        requestContext: {
          accountId: '123456789012',
          resourceId: 'local01',
          stage: 'local',
          requestId: request.requestId,
          extendedRequestId: request.requestId,
          identity: {
            sourceIp: request.sourceIp,
            userAgent: headerValue(request, 'user-agent') ?? null,
            accessKey: null,
            accountId: null,
            caller: null,
            cognitoIdentityId: null,
            user: null,
            userArn: null,
          },
          resourcePath: '/{proxy+}',
          httpMethod: request.method,
          path: `/local${path}`,
          protocol: 'HTTP/1.1',
          requestTime: formatTime(request.time),
          requestTimeEpoch: request.time.getTime(),
          apiId: 'localrest1',
          domainName: host,
          domainPrefix: host.split('.')[0],
        },
        ...(hasBody ? requestBody(request, binaryMediaTypes) : { body: null, isBase64Encoded: false }),
      };
    },

    toResponse(result, request) {
      if (!result || typeof result !== 'object') return front.functionError();
      const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as Record<
        string,
        unknown
      >;
      // API Gateway merges both maps; for a name in both, multiValueHeaders wins.
      const multi = multiValueHeaderPairs(multiValueHeaders);
      const names = new Set(multi.map(([name]) => name.toLowerCase()));
      const pairs = [...headerPairs(headers).filter(([name]) => !names.has(name.toLowerCase())), ...multi];
      const contentType = pairs.findLast(([name]) => name.toLowerCase() === 'content-type')?.[1];
      const accept = request && headerValue(request, 'accept', 'first');
      const decodes = isBinaryMediaType(accept || contentType, binaryMediaTypes);
      return resultResponse(statusCode, pairs, body, isBase64Encoded === true && decodes);
    },

    functionError: () => jsonError(502, { message: 'Internal server error' }),
  };
  return front;
}

/** A new REST API: no binary media types. */
export const restApi: FrontDoor = restApiFront();

const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function requestBody(request: HttpRequestData, binaryMediaTypes: readonly string[]) {
  // A request without Content-Type is taken as application/json, as API Gateway does, so `*/*`
  // still decodes it (a gzip upload without a type would otherwise arrive mangled).
  const type = headerValue(request, 'content-type') ?? 'application/json';
  return isBinaryMediaType(type, binaryMediaTypes)
    ? { body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true }
    : { body: lossyUtf8.decode(request.body), isBase64Encoded: false };
}

/** Whether the first media type of `value` is one of `binaryMediaTypes` (`*` a wildcard). */
function isBinaryMediaType(value: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  const media = value?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  if (!media?.includes('/')) return false;
  const [type, subtype] = media.split('/');
  return binaryMediaTypes.some((entry) => {
    const [entryType, entrySubtype] = entry.trim().toLowerCase().split('/');
    return (entryType === '*' || entryType === type) && (entrySubtype === '*' || entrySubtype === subtype);
  });
}
