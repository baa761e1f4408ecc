import { handle, streamHandle } from '@csvfn/adapter-lambda';
import { createInvoker } from '@csvfn/client/lambda';
import { type FrontDoorName, startLocalLambda } from '@csvfn/lambda-local';
import { expect } from 'vitest';
import conformanceApp from '../app.js';
import type { KnownDifference, Target, WireRequest, WireResponse } from '../target.js';
import { fromWebResponse, sendOverHttp, toWebRequest } from '../wire.js';

/**
 * AWS Lambda: the conformance app wrapped by `@csvfn/adapter-lambda`, run by the local Lambda of
 * `@csvfn/lambda-local`, and reached over real HTTP through a front door that builds the event AWS would send
 * (Function URL, HTTP API, REST API, ALB with and without multi-value headers) and reads the
 * result back as AWS would. Bodies are buffered whole, as every Lambda front door does.
 */
function frontDoorTarget(
  name: string,
  frontDoor: FrontDoorName,
  streaming = false,
  binaryMediaTypes?: string[],
): Target {
  return {
    name,
    async start() {
      const handler = streaming
        ? streamHandle(conformanceApp)
        : handle(conformanceApp, binaryMediaTypes ? { binaryMediaTypes } : {});
      const lambda = await startLocalLambda({
        handler,
        frontDoor,
        ...(binaryMediaTypes ? { binaryMediaTypes } : {}),
      });
      return { url: lambda.url, send: (wire) => sendOverHttp(lambda.url, wire), close: () => lambda.close() };
    },
  };
}

/**
 * The invoke client of `@csvfn/client/lambda`: each request becomes a Function URL event sent by `createInvoker` through
 * the real `@aws-sdk/client-lambda` to the local Invoke API (`InvokeWithResponseStream` for the
 * streaming handler), and the function's answer comes back as a Response.
 */
function invokerTarget(name: string, streaming: boolean): Target {
  return {
    name,
    async start() {
      const handler = streaming ? streamHandle(conformanceApp) : handle(conformanceApp);
      const lambda = await startLocalLambda({ handler, functionName: 'csvfn-conformance' });
      const invoker = createInvoker({
        functionName: 'csvfn-conformance',
        streaming,
        // A loopback endpoint alone: region and dummy credentials come from the client.
        clientConfig: { endpoint: lambda.url, maxAttempts: 1 },
      });
      const fetch = (wire: WireRequest) => invoker.fetch(toWebRequest('https://lambda.invoke', wire));
      return { fetch, send: async (wire) => fromWebResponse(await fetch(wire)), close: () => lambda.close() };
    },
  };
}

/**
 * ALB with multi-value headers off. Not in {@link lambdaTargets}: for a repeated query parameter
 * (`?eol=lf&eol=crlf`) the load balancer passes only the last value, so the function cannot see
 * the ambiguity the contract answers with 400. Every other case matches. Deploy ALB targets with
 * `lambda.multi_value_headers.enabled` (the `lambda-alb-multi-value` target).
 */
export const lambdaAlbSingleValueTarget: Target = frontDoorTarget('lambda-alb', 'alb');

/**
 * A REST API as created, with no binary media types: request bodies arrive as UTF-8 strings, so
 * bytes that are not UTF-8 (a gzip upload, invalid UTF-8) are replaced on the way in. The answers
 * are right (`handle` sends text only); those requests are known differences.
 */
function lambdaRestApiDefaultTarget(): Target {
  const decoded = (response: WireResponse) => JSON.parse(new TextDecoder().decode(response.body));
  const gzipMangled: KnownDifference = {
    reason: 'a REST API without binary media types passes a gzip upload on as text, mangled',
    check(response) {
      expect(response.status).toBe(400);
      expect(decoded(response).type).toBe('urn:csvfn:problem:invalid-gzip');
    },
  };
  return {
    ...frontDoorTarget('lambda-rest-api-default', 'rest-api'),
    differences: {
      'invalid UTF-8 is a 400': {
        reason: 'the REST API replaces bytes that are not UTF-8 with U+FFFD before csvfn sees them',
        check(response) {
          // `[{"n\uFFFD(":1}]` is valid JSON: a row with none of the schema's fields.
          expect(response.status).toBe(422);
          expect(decoded(response).type).toBe('urn:csvfn:problem:invalid-rows');
        },
      },
      'a gzip body is decompressed': gzipMangled,
      'a gzip bomb stops at maxBodyBytes (decompressed): 413': gzipMangled,
      'NDJSON, gzip': gzipMangled,
    },
  };
}

/** The Lambda targets: the event shapes, response streaming, and the invoke client. */
export const lambdaTargets: Target[] = [
  frontDoorTarget('lambda-function-url', 'function-url'),
  frontDoorTarget('lambda-http-api', 'http-api'),
  // A REST API set up for binary (`*/*` on the API and in `handle`), and a new one with none.
  frontDoorTarget('lambda-rest-api', 'rest-api', false, ['*/*']),
  lambdaRestApiDefaultTarget(),
  frontDoorTarget('lambda-alb-multi-value', 'alb-multi-value'),
  frontDoorTarget('lambda-function-url-streaming', 'function-url', true),
  invokerTarget('lambda-invoke', false),
  invokerTarget('lambda-invoke-streaming', true),
];
