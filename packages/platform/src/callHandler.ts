import { problemResponse } from './problems.js';
import type { ErrorSink, FetchHandler, PlatformInfo } from './types.js';

/** The one log line of a handler failure, unless the user passes their own `onError`. */
export const logHandlerError: ErrorSink = (error) => console.error('csvfn: the handler failed', error);

/**
 * A Response by shape, not by class: on Node a handler may build it with undici from npm, whose
 * class is not the global one, and `instanceof` would turn a good response into a 500.
 */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const candidate = value as Partial<Response> | null | undefined;
  return (
    typeof candidate?.status === 'number' &&
    typeof candidate.headers?.get === 'function' &&
    'body' in (candidate as object)
  );
}

/**
 * Calls the handler the way every adapter must: a throw, a rejection or anything but a Response
 * goes to `onError`, and the client gets the generic 500 problem, never the error itself.
 */
export async function callHandler<P extends PlatformInfo>(
  handler: FetchHandler<P>,
  request: Request,
  platform: P,
  onError: ErrorSink = logHandlerError,
): Promise<Response> {
  try {
    const response: unknown = await handler(request, platform);
    if (!isResponse(response)) throw new TypeError('csvfn: the handler did not return a Response.');
    return response;
  } catch (error) {
    onError(error);
    return problemResponse('internal');
  }
}
