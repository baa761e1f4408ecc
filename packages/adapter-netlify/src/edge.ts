/**
 * @module
 * Netlify Edge Functions: `export default handle(app)` from `@csvfn/adapter-netlify/edge`. An edge
 * function is Fetch-shaped already (`(request, context) => Response`, in Deno at Netlify's edge);
 * this adds the request id, the client's address and Netlify's edge `context` to the platform, and
 * the shared pipeline (the handler-call guard).
 */
import {
  type AdapterOptions,
  createPipeline,
  DEFAULT_HOLD_BYTES,
  type FetchHandler,
  MB,
  type PlatformInfo,
  type PlatformLimits,
} from '@csvfn/platform';
import type { NetlifyContext } from './types.js';

/** Netlify's per-request object in an edge function: a function's, plus `next()` to call the origin. */
export interface NetlifyEdgeContext extends Omit<NetlifyContext, 'waitUntil'> {
  /** Sends the request on to the next edge function or the origin, and returns its response. */
  next(request?: Request): Promise<Response>;
  /** Keeps the function alive for work that goes on after the response (absent on older bundles). */
  waitUntil?(promise: Promise<unknown>): void;
}

/** What a handler gets on Netlify Edge: the shared fields, and Netlify's edge `context` itself. */
export interface NetlifyEdgePlatform extends PlatformInfo {
  provider: 'netlify-edge';
  /** `context.requestId`, the id Netlify logs the invocation under. */
  requestId: string;
  /** `context.ip`, the client's address as Netlify's edge saw it. */
  clientAddress: string;
  /** Netlify's edge context: `geo`, `site`, `deploy`, `params`, `cookies`, `next`, … */
  context: NetlifyEdgeContext;
}

/** A Netlify Edge Function: `export default handle(app)`, with `export const config = { path }`. */
export type NetlifyEdgeFunction = (request: Request, context: NetlifyEdgeContext) => Promise<Response>;

/**
 * Options of {@link handle}: the shared ones. `holdBytes` defaults to 8 MiB: a body that fails
 * after the `200` gets its own problem. Streamed on instead, Netlify's local edge runtime
 * (`@netlify/dev` 5.1.3) leaves the failed read unhandled and its Deno server exits, and a 50 ms
 * CPU budget keeps an edge answer far under 8 MiB anyway.
 */
export interface NetlifyEdgeOptions extends AdapterOptions {}

/**
 * A Netlify Edge Function from a Fetch handler.
 *
 * @example
 * ```ts
 * // netlify/edge-functions/csv.ts
 * import { handle } from '@csvfn/adapter-netlify/edge';
 * import { createCsvHandler } from '@csvfn/core';
 * import { employeeSchema } from '@csvfn/core/employee';
 * export default handle(createCsvHandler({ schema: employeeSchema }));
 * export const config = { path: '/api' };
 * ```
 */
export function handle(
  handler: FetchHandler<NetlifyEdgePlatform>,
  options: NetlifyEdgeOptions = {},
): NetlifyEdgeFunction {
  const run = createPipeline(handler, { ...options, holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES });
  return (request, context) =>
    run({
      translate: () => ({
        request,
        platform: {
          provider: 'netlify-edge',
          cloudProvider: 'netlify',
          requestId: context.requestId,
          clientAddress: context.ip,
          context,
        },
      }),
      send: (response) => response,
    });
}

/**
 * What Netlify Edge allows one request, as Netlify documents it. No request body cap is documented
 * (`@netlify/dev` took 30 MB); the 50 ms of CPU is what bounds a body: csvfn converts about 9–12 ms
 * of CPU per MiB under Deno (`pnpm bench cpu`), so examples/netlify-edge sets 2 MiB.
 */
export const limits: PlatformLimits = {
  cpuMsPerRequest: 50,
  // For the whole set of a site's deployed edge functions.
  memoryBytes: 512 * MB,
  // After compression.
  codeBytes: 20 * MB,
  // "Response header timeout: 40 s".
  firstByteSeconds: 40,
  sources: ['https://docs.netlify.com/build/edge-functions/limits/'],
  read: '2026-12-07',
};

export type { FetchHandler, PlatformInfo, PlatformLimits };
