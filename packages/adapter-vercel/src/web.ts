/**
 * @module
 * Web-style Vercel Function exports, safe for the Edge runtime: nothing here imports Node.
 */

export type { ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';
export { edgeLimits } from './edgeLimits.js';
export {
  handleWeb,
  type VercelWebHandler,
  type VercelWebHandlers,
  type VercelWebOptions,
} from './handleWeb.js';
export type { VercelWebPlatform } from './platform.js';
