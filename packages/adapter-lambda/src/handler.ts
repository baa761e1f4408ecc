import { createPipeline } from '@csvfn/platform';
import { compressWithZlib } from '@csvfn/platform/node';
import { eventRequest } from './eventRequest.js';
import { getProcessor } from './events/getProcessor.js';
import { encodeBody } from './responseBody.js';
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
 * problem, or a bug) is always answered with its problem, never cut.
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
  const run = createPipeline(handler, {
    onError: options.onError,
    holdBytes: options.holdBytes,
    compress: options.compress !== false && compressWithZlib,
  });
  return async (event, context) => {
    const processor = getProcessor(event);
    return run({
      translate: () => eventRequest(processor, event, context),
      send: async (response) =>
        processor.result(event, response, await encodeBody(response, options.isBinary)),
    });
  };
}
