import type { IncomingMessage } from 'node:http';
import { createRequestListener, type RequestListener } from '@csvfn/adapter-node';
import { type AdapterOptions, DEFAULT_HOLD_BYTES, type FetchHandler } from '@csvfn/platform';
import { type VercelWebPlatform, vercelPlatform } from './platform.js';

/** What {@link handle} hands the handler beside the `Request`: Vercel's ids, and Node's request. */
export interface VercelPlatform extends VercelWebPlatform {
  /** The Node.js runtime's request, for what a `Request` cannot carry (`req.socket`, helpers' fields). */
  req: IncomingMessage;
}

/**
 * Options of {@link handle}: the shared ones. `holdBytes` defaults to 8 MiB: Vercel buffers the
 * response anyway (4.5 MB at most), and the dev server's proxy never sees a cut connection.
 */
export interface VercelNodeOptions extends AdapterOptions {}

/**
 * A Vercel Function for the Node.js runtime's `(req, res)` signature, from a Fetch handler.
 *
 * The body reaches the handler byte for byte whether Vercel's helpers are on or off: untouched,
 * it is streamed from the socket; consumed by the helpers, the adapter takes the raw bytes they
 * replay and never evaluates their lazy `req.body` (which parses, loses the exact bytes, and
 * throws on invalid JSON). The handler gets a {@link VercelPlatform}: `provider: 'vercel'`,
 * `requestId` from `x-vercel-id`, and Node's `req`; the URL comes from Vercel's `x-forwarded-*`.
 *
 * @example
 * ```ts
 * // api/index.ts
 * import { handle } from '@csvfn/adapter-vercel';
 * import { createCsvHandler } from '@csvfn/core';
 * export default handle(createCsvHandler());
 * ```
 */
export function handle(
  handler: FetchHandler<VercelPlatform>,
  options: VercelNodeOptions = {},
): RequestListener {
  return createRequestListener<VercelPlatform>(handler, {
    // Vercel's edge sets these itself; a client's own values never reach the function.
    trustProxy: true,
    // Vercel compresses responses at its edge; doing it here too would only spend the function's CPU.
    compress: false,
    onError: options.onError,
    holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES,
    platform: (req) => ({
      ...vercelPlatform((name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      }),
      req,
    }),
  });
}
