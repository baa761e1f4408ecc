import { problemResponse } from './problem';
import type { EventProcessor } from './processors/processor';
import { BadRequestError, createRequest } from './request';
import type { FetchHandler, LambdaContext, LambdaHttpEvent, PlatformInfo } from './types';

/** Where handler failures go unless `onError` says otherwise: the function's log. */
export const logError = (error: unknown): void => console.error('csvfn: the handler failed', error);

/**
 * One event through the handler: build the Request, call the handler, and turn every failure
 * into a problem response, so a crash never reaches the client as a stack trace or a 502.
 */
export async function dispatch(
  processor: EventProcessor,
  event: LambdaHttpEvent,
  context: LambdaContext | undefined,
  handler: FetchHandler,
  onError: (error: unknown) => void = logError,
): Promise<Response> {
  let request: Request;
  let platform: PlatformInfo;
  try {
    request = createRequest(processor.requestParts(event));
    platform = { provider: 'lambda' };
    if (context?.awsRequestId) platform.requestId = context.awsRequestId;
    const clientAddress = processor.clientAddress(event);
    if (clientAddress) platform.clientAddress = clientAddress;
  } catch (error) {
    if (error instanceof BadRequestError) return problemResponse('bad-request', error.message);
    onError(error);
    return problemResponse('internal');
  }
  try {
    const response = await handler(request, platform);
    if (!(response instanceof Response)) throw new TypeError('The handler did not return a Response.');
    return response;
  } catch (error) {
    onError(error);
    return problemResponse('internal');
  }
}
