import { type AdapterOptions, createPipeline, DEFAULT_HOLD_BYTES, type FetchHandler } from '@csvfn/platform';
import type { NetlifyFunction, NetlifyPlatform } from './types.js';

/** Options of {@link handle}: the shared ones (`holdBytes` defaults to 8 MiB). */
export interface NetlifyOptions extends AdapterOptions {}

/**
 * A Netlify Functions v2 function from a Fetch handler. Netlify already speaks `Request` and
 * `Response`, so this only passes `context.requestId`, `context.ip` and `context` itself on, and
 * runs the shared pipeline (the guard, and the hold that turns a late failure into its problem).
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
  const run = createPipeline(handler, { ...options, holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES });
  return (request, context) =>
    run({
      translate: () => ({
        request,
        platform: {
          provider: 'netlify',
          cloudProvider: 'netlify',
          requestId: context.requestId,
          clientAddress: context.ip,
          context,
        },
      }),
      send: (response) => response,
    });
}
