/**
 * @module
 * Vercel adapter for csvfn: run any Web Fetch handler as a Vercel Function. `handle` for the
 * Node.js runtime's `(req, res)` signature (built on @csvfn/adapter-node's conversions);
 * `handleWeb` for Web-style exports, also at `@csvfn/adapter-vercel/web` for the Edge runtime.
 */

export type { FetchHandler, PlatformInfo } from '@csvfn/adapter-node';
export { handle, type VercelNodeOptions } from './handle';
export { handleWeb, type VercelWebHandler, type VercelWebHandlers, type VercelWebOptions } from './handleWeb';
