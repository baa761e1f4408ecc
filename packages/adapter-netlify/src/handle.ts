import { callHandler, type ErrorSink, type FetchHandler } from '@csvfn/platform';
import type { NetlifyFunction, NetlifyPlatform } from './types.js';

/** Options of {@link handle}. */
export interface NetlifyOptions {
  /** Receives what the handler throws (the client gets the generic 500). Default: one log line. */
  onError?: ErrorSink;
}

/**
 * A Netlify Functions v2 function from a Fetch handler. Netlify already speaks `Request` and
 * `Response`, so this only passes `context.requestId`, `context.ip` and `context` itself on, and
 * guards the call.
 *
 * @example
 * ```ts
 * // netlify/functions/csv.mts
 * import { handle } from '@csvfn/adapter-netlify';
 * import { createCsvHandler } from '@csvfn/core';
 * import { employeeSchema } from '@csvfn/core/employee';
 * export default handle(createCsvHandler({ schema: employeeSchema }));
 * export const config = { path: '/api' };
 * ```
 */
export function handle(
  handler: FetchHandler<NetlifyPlatform>,
  options: NetlifyOptions = {},
): NetlifyFunction {
  return (request, context) =>
    callHandler(
      handler,
      request,
      {
        provider: 'netlify',
        cloudProvider: 'netlify',
        requestId: context.requestId,
        clientAddress: context.ip,
        context,
      },
      options.onError,
    );
}
