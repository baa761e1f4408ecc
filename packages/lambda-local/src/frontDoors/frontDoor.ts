import type { HttpRequestData } from '@csvfn/client/lambda';

// What every front door shares with the Function URL mapping of the client's Lambda invoker.
export {
  eventBody,
  formatTime,
  forwardedHeaders,
  type HttpRequestData,
  headerPairs,
  headerValue,
  resultResponse,
  splitTarget,
} from '@csvfn/client/lambda';

/** The AWS services that turn an HTTP request into a Lambda event. */
export type FrontDoorName = 'function-url' | 'http-api' | 'rest-api' | 'alb' | 'alb-multi-value';

/** What an AWS front door does on each side of the function. */
export interface FrontDoor {
  /** Which AWS service this front door plays. */
  readonly name: FrontDoorName;
  /** The event this front door would invoke the function with. */
  toEvent(request: HttpRequestData): object;
  /**
   * The HTTP response for the function's (buffered) result; a malformed result is a function
   * error. `request` is the client's, when known (a REST API reads its `Accept`).
   */
  toResponse(result: unknown, request?: HttpRequestData): Response;
  /** What the client gets when the function fails or its result cannot be used. */
  functionError(): Response;
}

/** The `[name, value]` pairs of a result's `multiValueHeaders` map. */
export function multiValueHeaderPairs(headers: unknown): [string, string][] {
  if (!headers || typeof headers !== 'object') return [];
  return Object.entries(headers).flatMap(([name, values]) =>
    Array.isArray(values) ? values.map((value) => [name, String(value)] as [string, string]) : [],
  );
}

/** A JSON error answer, the form API Gateway and Function URLs use. */
export function jsonError(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
