import type { LambdaHttpEvent } from '../types';
import { albMultiValueProcessor, albProcessor } from './alb';
import { apiGatewayV1Processor } from './api-gateway-v1';
import { apiGatewayV2Processor } from './api-gateway-v2';
import type { EventProcessor } from './processor';

/**
 * Picks the processor for an event, once. ALB events carry `requestContext.elb`; a v2 event has
 * `rawPath` and `requestContext.http` — a REST API event behind a base-path mapping also has
 * `rawPath` but no `http` (hono#5015).
 */
export function getProcessor(event: LambdaHttpEvent): EventProcessor {
  const context = (event as { requestContext?: Record<string, unknown> }).requestContext;
  if (context?.elb && typeof context.elb === 'object') {
    return (
      (event as { multiValueHeaders?: unknown }).multiValueHeaders ? albMultiValueProcessor : albProcessor
    ) as EventProcessor;
  }
  if ('rawPath' in event && context?.http && typeof context.http === 'object') {
    return apiGatewayV2Processor as EventProcessor;
  }
  if ('httpMethod' in event) return apiGatewayV1Processor as EventProcessor;
  throw new TypeError('csvfn: not an HTTP event from API Gateway, a Function URL or an ALB.');
}
