/**
 * @module
 * Node.js adapter for csvfn: run any Web Fetch handler (`(request, platform) => Response`) on
 * Node's `http` server. `serve` for a ready server; `handle` (also `createRequestListener`) for an existing one;
 * `incomingMessageToRequest` and `writeResponse`, the two conversions, for other Node hosts.
 */

export type { ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';
export {
  createRequestListener,
  handle,
  type RequestListener,
  type RequestListenerOptions,
} from './createRequestListener.js';
export {
  type IncomingMessageToRequestOptions,
  incomingMessageToRequest,
} from './incomingMessageToRequest.js';
export { limits } from './limits.js';
export type { NodePlatform } from './nodePlatform.js';
export { type NodeServer, type ServeOptions, serve } from './serve.js';
export { writeResponse } from './writeResponse.js';
