import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestListener, type FetchHandler } from '@csvfn/adapter-node';
import { vercelPlatform } from './platform';

/** Options of {@link handle}. */
export interface VercelNodeOptions {
  /** Receives what the handler throws (the client gets a generic 500). Default: `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * A Vercel Function for the Node.js runtime's `(req, res)` signature, from a Fetch handler.
 *
 * The body reaches the handler byte for byte whether Vercel's helpers are on or off: untouched,
 * it is streamed from the socket; consumed by the helpers, the adapter takes the raw bytes they
 * replay and never evaluates their lazy `req.body` (which parses, loses the exact bytes, and
 * throws on invalid JSON). The handler gets `{ provider: 'vercel', requestId }` from
 * `x-vercel-id`, and the URL from Vercel's `x-forwarded-*` headers.
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
  handler: FetchHandler,
  options: VercelNodeOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return createRequestListener(handler, {
    // Vercel's edge sets these itself; a client's own values never reach the function.
    trustProxy: true,
    onError: options.onError,
    platform: (req) =>
      vercelPlatform((name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      }),
  });
}
