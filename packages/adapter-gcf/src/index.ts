/**
 * @module
 * Google Cloud Functions adapter for csvfn: a Functions Framework HTTP function `(req, res)` from
 * any Web Fetch handler, on `@csvfn/adapter-node`'s conversions.
 */

export { type GcfOptions, handle } from './handle.js';
export { limits } from './limits.js';
export type { FetchHandler, GcfFunction, GcfPlatform, GcfRequest, PlatformInfo } from './types.js';
