import {
  eventBody,
  type FrontDoor,
  formatTime,
  forwardedHeaders,
  headerPairs,
  headerValue,
  jsonError,
  multiValueHeaderPairs,
  resultResponse,
  splitTarget,
} from './frontDoor.js';

/**
 * An API Gateway REST API with a Lambda proxy integration (payload 1.0), stage `local`, and
 * binary media types set so non-text bodies arrive base64. Header names keep the client's case.
 */
export const restApi: FrontDoor = {
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
      ...(hasBody ? eventBody(request) : { body: null, isBase64Encoded: false }),
    };
  },

  toResponse(result) {
    if (!result || typeof result !== 'object') return restApi.functionError();
    const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as Record<
      string,
      unknown
    >;
    // API Gateway merges both maps; for a name in both, multiValueHeaders wins.
    const multi = multiValueHeaderPairs(multiValueHeaders);
    const names = new Set(multi.map(([name]) => name.toLowerCase()));
    const pairs = [...headerPairs(headers).filter(([name]) => !names.has(name.toLowerCase())), ...multi];
    return resultResponse(statusCode, pairs, body, isBase64Encoded);
  },

  functionError: () => jsonError(502, { message: 'Internal server error' }),
};
