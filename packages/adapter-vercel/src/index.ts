/**
 * @module
 * Vercel adapter for csvfn: run any Web Fetch handler as a Vercel Function. `handle` for the
 * Node.js runtime's `(req, res)` signature (built on @csvfn/adapter-node's conversions);
 * `handleWeb` for Web-style exports, also at `@csvfn/adapter-vercel/web` for the Edge runtime.
 */

export { handle, type VercelNodeOptions, type VercelPlatform } from './handle.js';
export { limits } from './limits.js';
// Everything the Edge-safe entry has, so one import serves both styles.
export * from './web.js';
