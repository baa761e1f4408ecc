/**
 * @module
 * Vercel adapter for csvfn: run any Web Fetch handler as a Vercel Function. `handle` for the
 * Node.js runtime's `(req, res)` signature (built on @csvfn/adapter-node's conversions);
 * `handleWeb` for Web-style exports, also at `@csvfn/adapter-vercel/web` for the Edge runtime.
 */

export type { ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';
export { handle, type VercelNodeOptions, type VercelPlatform } from './handle.js';
export {
  handleWeb,
  type VercelWebHandler,
  type VercelWebHandlers,
  type VercelWebOptions,
} from './handleWeb.js';
export type { VercelWebPlatform } from './platform.js';
