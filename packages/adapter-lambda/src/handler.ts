import { dispatch, logError } from './dispatch';
import { problemResponse } from './problem';
import { getProcessor } from './processors/get-processor';
import { encodeBody } from './response-body';
import type { FetchHandler, HandleOptions, LambdaContext, LambdaHttpEvent, LambdaHttpResult } from './types';

/**
 * Turns a Web fetch handler into a Lambda handler for API Gateway REST (payload 1.0), HTTP API
 * (2.0), Function URLs and ALB (single- or multi-value headers). The answer takes the form the
 * event came in.
 *
 * @example
 * ```ts
 * import { createCsvHandler } from '@csvfn/core';
 * import { handle } from '@csvfn/adapter-lambda';
 * export const handler = handle(createCsvHandler());
 * ```
 */
export function handle(
  handler: FetchHandler,
  options: HandleOptions = {},
): (event: LambdaHttpEvent, context?: LambdaContext) => Promise<LambdaHttpResult> {
  const onError = options.onError ?? logError;
  return async (event, context) => {
    const processor = getProcessor(event);
    const response = await dispatch(processor, event, context, handler, onError);
    try {
      return processor.result(event, response, await encodeBody(response, options.isBinary));
    } catch (error) {
      // The body failed while being buffered: nothing is sent yet, so a clean 500 still can be.
      onError(error);
      const problem = problemResponse('internal');
      return processor.result(event, problem, await encodeBody(problem));
    }
  };
}
