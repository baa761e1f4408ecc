import {
  isLateProblem,
  lateProblemResponse,
  logHandlerError,
  problemResponse,
  responseTooLarge,
} from '@csvfn/platform';
import { respond } from './eventRequest.js';
import type { EventProcessor } from './events/eventProcessor.js';
import { getProcessor } from './events/getProcessor.js';
import { encodeBody, isBinaryByDefault } from './responseBody.js';
import { LAMBDA_RESULT_CAP, resultBytes } from './resultCap.js';
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
    // Base64 only where the front door decodes it: a REST API only for its binaryMediaTypes.
    const decodes = processor.decodesBase64(event, options.binaryMediaTypes ?? []);
    const compress = (options.compress ?? true) && decodes(null);
    const response = await respond(processor, event, context, handler, onError, compress, habit);
    const isBinary = (headers: Headers) =>
      decodes(headers.get('content-type')) && (options.isBinary ?? isBinaryByDefault)(headers);
    try {
      return await withinResultCap(
        processor,
        event,
        processor.result(event, response, await encodeBody(response, isBinary)),
      );
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
