import { isLateProblem, lateProblemResponse, logHandlerError, problemResponse } from '@csvfn/platform';
import { respond } from './eventRequest.js';
import { getProcessor } from './events/getProcessor.js';
import { encodeBody } from './responseBody.js';
import type {
  HandleOptions,
  LambdaContext,
  LambdaFetchHandler,
  LambdaHttpEvent,
  LambdaHttpResult,
} from './types.js';

/**
 * Turns a Web fetch handler into a Lambda handler for API Gateway REST (payload 1.0), HTTP API
 * (2.0), Function URLs and ALB (single- or multi-value headers). The answer takes the form the
 * event came in. The handler gets {@link LambdaPlatform}: the event and context, typed.
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
  options: HandleOptions = {},
): (event: LambdaHttpEvent, context?: LambdaContext) => Promise<LambdaHttpResult> {
  const onError = options.onError ?? logHandlerError;
  const habit = { readsBytes: false };
  return async (event, context) => {
    const processor = getProcessor(event);
    const response = await respond(processor, event, context, handler, onError, options.compress, habit);
    try {
      return processor.result(event, response, await encodeBody(response, options.isBinary));
    } catch (error) {
      // The body failed while being buffered: nothing is sent yet, so the client still gets a
      // clean answer, its own problem for its own bad input (a LateProblem), else a 500 of ours.
      const late = isLateProblem(error);
      if (!late) onError(error);
      const problem = late ? lateProblemResponse(error) : problemResponse('internal');
      return processor.result(event, problem, await encodeBody(problem));
    }
  };
}
