import { createPipeline } from '@csvfn/platform';
import { responseTooLarge } from '@csvfn/platform/internal';
import { compressWithZlib } from '@csvfn/platform/node';
import { eventRequest } from './eventRequest.js';
import type { EventProcessor } from './events/eventProcessor.js';
import { getProcessor } from './events/getProcessor.js';
import { encodeBody, isBinaryByDefault } from './responseBody.js';
import { LAMBDA_RESULT_CAP, resultBytes } from './resultCap.js';
import type {
  LambdaContext,
  LambdaFetchHandler,
  LambdaHttpEvent,
  LambdaHttpResult,
  LambdaOptions,
} from './types.js';

/**
 * Turns a Web fetch handler into a Lambda handler for API Gateway REST (payload 1.0), HTTP API
 * (2.0), Function URLs and ALB (single- or multi-value headers). The response takes the form the
 * event came in. The handler gets {@link LambdaPlatform}: the event and context, typed.
 *
 * The response is read whole before Lambda gets it, so a body that fails (the client's late
 * problem, or a bug) is always answered with its problem, never cut; and a result over Lambda's
 * cap is answered with a `413` naming it, never a `200` that Lambda turns into a `502`.
 *
 * @example
 * ```ts
 * import { createCsvHandler } from '@csvfn/core';
 * import { handle } from '@csvfn/adapter-lambda';
 * export const handler = handle(createCsvHandler());
 * ```
 */
export function handle(
  handler: LambdaFetchHandler,
  options: LambdaOptions = {},
): (event: LambdaHttpEvent, context?: LambdaContext) => Promise<LambdaHttpResult> {
  const shared = { onError: options.onError, holdBytes: options.holdBytes };
  const compressing = createPipeline(handler, {
    ...shared,
    compress: options.compress !== false && compressWithZlib,
  });
  // A REST API without binaryMediaTypes cannot decode base64: compressed bytes would reach the
  // client as base64 text, so its events take the pipeline that never compresses.
  const plain = createPipeline(handler, shared);
  const binaryMediaTypes = options.binaryMediaTypes ?? [];
  const isBinaryType = options.isBinary ?? isBinaryByDefault;
  return async (event, context) => {
    const processor = getProcessor(event);
    const decodes = processor.decodesBase64(event, binaryMediaTypes);
    const isBinary = (headers: Headers) => decodes(headers.get('content-type')) && isBinaryType(headers);
    const run = decodes(null) ? compressing : plain;
    return run({
      translate: () => eventRequest(processor, event, context),
      send: async (response) =>
        withinResultCap(
          processor,
          event,
          processor.result(event, response, await encodeBody(response, isBinary)),
        ),
    });
  };
}

/** The result, or the problem naming Lambda's cap when Lambda would refuse it (and the client get a 502). */
async function withinResultCap(
  processor: EventProcessor,
  event: LambdaHttpEvent,
  result: LambdaHttpResult,
): Promise<LambdaHttpResult> {
  const bytes = resultBytes(result);
  if (bytes <= LAMBDA_RESULT_CAP.maxBytes) return result;
  const problem = responseTooLarge(LAMBDA_RESULT_CAP, bytes);
  return processor.result(event, problem, await encodeBody(problem));
}
