/**
 * @module
 * Node.js adapter for csvfn: run any Web Fetch handler (`(request) => Response`) on Node's
 * `http` server. `serve` for a ready server; `createRequestListener` for an existing one;
 * `incomingMessageToRequest` and `writeResponse`, the two conversions, for other Node hosts.
 */

export { createRequestListener, type RequestListenerOptions } from './createRequestListener';
export { type IncomingMessageToRequestOptions, incomingMessageToRequest } from './incomingMessageToRequest';
export { type NodeServer, type ServeOptions, serve } from './serve';
export type { FetchHandler, PlatformInfo } from './types';
export { writeResponse } from './writeResponse';
