/**
 * @module
 * Netlify adapter for csvfn: a Netlify Functions v2 function (`export default handle(app)`) from
 * any Web Fetch handler. Netlify is Fetch-shaped already; the adapter adds the request id, the
 * client's address and Netlify's `context` to the platform, and the handler-call guard.
 */

export { handle, type NetlifyOptions } from './handle.js';
export { limits } from './limits.js';
export type {
  FetchHandler,
  NetlifyContext,
  NetlifyFunction,
  NetlifyPlatform,
  PlatformInfo,
} from './types.js';
