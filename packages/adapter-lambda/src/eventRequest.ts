import type { EventProcessor } from './events/eventProcessor.js';
import { createRequest } from './request.js';
import type { LambdaContext, LambdaHttpEvent, LambdaPlatform } from './types.js';

/**
 * One event as the pipeline's translation: the Request the handler sees, and the platform with
 * the event, the context, the invocation's id and the client's address.
 */
export function eventRequest(
  processor: EventProcessor,
  event: LambdaHttpEvent,
  context: LambdaContext | undefined,
): { request: Request; platform: LambdaPlatform } {
  const request = createRequest(processor.requestParts(event));
  const platform: LambdaPlatform = { provider: 'lambda', cloudProvider: 'aws', event };
  if (context) platform.context = context;
  if (context?.awsRequestId) platform.requestId = context.awsRequestId;
  const clientAddress = processor.clientAddress(event);
  if (clientAddress) platform.clientAddress = clientAddress;
  return { request, platform };
}
