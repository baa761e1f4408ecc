import type { LambdaHttpEvent } from '../types.js';
import { alb, albMultiValue } from './alb.js';
import type { EventProcessor } from './eventProcessor.js';
import { httpApi } from './httpApi.js';
import { restApi } from './restApi.js';

/**
 * Picks the processor for an event, once. ALB events carry `requestContext.elb`; a v2 event has
 * `rawPath` and `requestContext.http` — a REST API event behind a base-path mapping also has
 * `rawPath` but no `http` (hono#5015).
 */
export function getProcessor(event: LambdaHttpEvent): EventProcessor {
  const context = (event as { requestContext?: Record<string, unknown> }).requestContext;
  if (context?.elb && typeof context.elb === 'object') {
    return (
      (event as { multiValueHeaders?: unknown }).multiValueHeaders ? albMultiValue : alb
    ) as EventProcessor;
  }
  if ('rawPath' in event && context?.http && typeof context.http === 'object') {
    return httpApi as EventProcessor;
  }
  if ('httpMethod' in event) return restApi as EventProcessor;
  throw new TypeError('csvfn: not an HTTP event from API Gateway, a Function URL or an ALB.');
}
