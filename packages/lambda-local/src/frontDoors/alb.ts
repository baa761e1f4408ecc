import {
  eventBody,
  type FrontDoor,
  forwardedHeaders,
  headerPairs,
  multiValueHeaderPairs,
  resultResponse,
  splitTarget,
} from './frontDoor.js';

function albFrontDoor(multiValue: boolean): FrontDoor {
  const door: FrontDoor = {
    name: multiValue ? 'alb-multi-value' : 'alb',

    toEvent(request) {
      const { path, query } = splitTarget(request.target);
      const headers: Record<string, string[]> = {};
      for (const [name, value] of [...request.headers, ...forwardedHeaders(request)]) {
        const key = name.toLowerCase();
        const values = headers[key];
        if (values) values.push(value);
        else headers[key] = [value];
      }
      // ALB leaves query names and values percent-encoded, exactly as sent.
      const parameters: Record<string, string[]> = {};
      for (const pair of query ? query.split('&') : []) {
        const index = pair.indexOf('=');
        const name = index < 0 ? pair : pair.slice(0, index);
        const value = index < 0 ? '' : pair.slice(index + 1);
        const values = parameters[name];
        if (values) values.push(value);
        else parameters[name] = [value];
      }
      // Without multi-value headers, ALB keeps the last value of a repeated header or parameter.
      const last = (map: Record<string, string[]>) =>
        Object.fromEntries(Object.entries(map).map(([name, values]) => [name, values.at(-1) ?? '']));
      return {
        requestContext: {
          elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/local/0' },
        },
        httpMethod: request.method,
        path,
        ...(multiValue
          ? { multiValueQueryStringParameters: parameters, multiValueHeaders: headers }
          : { queryStringParameters: last(parameters), headers: last(headers) }),
        ...(request.body.byteLength > 0 ? eventBody(request) : { body: '', isBase64Encoded: false }),
      };
    },

    toResponse(result) {
      if (!result || typeof result !== 'object') return door.functionError();
      const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as Record<
        string,
        unknown
      >;
      const pairs = multiValue ? multiValueHeaderPairs(multiValueHeaders) : headerPairs(headers);
      return resultResponse(statusCode, pairs, body, isBase64Encoded);
    },

    functionError: () =>
      new Response('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>\r\n', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      }),
  };
  return door;
}

/** An Application Load Balancer whose Lambda target group has multi-value headers off. */
export const alb = albFrontDoor(false);

/** An Application Load Balancer whose Lambda target group has multi-value headers on. */
export const albMultiValue = albFrontDoor(true);
