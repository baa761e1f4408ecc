import { callHandler, type ErrorSink, logHandlerError, problemResponse } from '@csvfn/platform';
import { compressWithZlib } from '@csvfn/platform/node';
import type { EventProcessor } from './events/eventProcessor.js';
import { BadRequestError, createRequest } from './request.js';
import type { BodyHabit } from './requestBody.js';
import type { LambdaContext, LambdaFetchHandler, LambdaHttpEvent, LambdaPlatform } from './types.js';

/**
 * One event through the handler: build the Request and the platform, then call the handler
 * through the shared guard. An event the Fetch API cannot represent is the client's 400, never a
 * crash; any other failure is the generic 500. With `compress`, a text answer is gzip- or
 * br-compressed when the client accepts it (API Gateway, Function URLs and ALB do not compress).
 * `habit` is the handler's, kept across its events (see {@link BodyHabit}).
 */
export async function respond(
  processor: EventProcessor,
  event: LambdaHttpEvent,
  context: LambdaContext | undefined,
  handler: LambdaFetchHandler,
  onError: ErrorSink = logHandlerError,
  compress = true,
  habit?: BodyHabit,
): Promise<Response> {
  let request: Request;
  let platform: LambdaPlatform;
  try {
    request = createRequest(processor.requestParts(event), habit);
    platform = { provider: 'lambda', cloudProvider: 'aws', event };
    if (context) platform.context = context;
    if (context?.awsRequestId) platform.requestId = context.awsRequestId;
    const clientAddress = processor.clientAddress(event);
    if (clientAddress) platform.clientAddress = clientAddress;
  } catch (error) {
    if (error instanceof BadRequestError) return problemResponse('bad-request', error.message);
    onError(error);
    return problemResponse('internal');
  }
  const response = await callHandler(handler, request, platform, onError);
  return compress ? compressWithZlib(request, response) : response;
}
