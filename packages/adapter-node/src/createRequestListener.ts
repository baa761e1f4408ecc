import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  callHandler,
  type ErrorSink,
  type FetchHandler,
  logHandlerError,
  type PlatformInfo,
  problemResponse,
} from '@csvfn/platform';
import {
  type IncomingMessageToRequestOptions,
  incomingMessageToRequest,
} from './incomingMessageToRequest.js';
import { type NodePlatform, nodePlatform } from './nodePlatform.js';
import { releaseRequestBody } from './requestBody.js';
import { writeResponse } from './writeResponse.js';

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions<P extends PlatformInfo = NodePlatform>
  extends IncomingMessageToRequestOptions {
  /**
   * Builds the platform handed to the handler, merged over the default
   * `{ provider: 'node', clientAddress: req.socket.remoteAddress, req }`. Hosts built on Node
   * (Vercel) set their own `provider`, `requestId` and typed objects here.
   */
  platform?: (req: IncomingMessage) => P;
  /**
   * Receives what the handler throws or returns instead of a Response (the client gets a
   * generic 500) and failures while writing the response. Never sent to the client. Default: one
   * `csvfn: the handler failed` line on `console.error`.
   */
  onError?: ErrorSink;
}

/** A Node `(req, res)` listener, as `http.createServer` takes. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Turns a Fetch handler into a Node `(req, res)` listener for `http.createServer`, or for any
 * host that hands out Node's request and response. The handler gets a {@link NodePlatform}
 * (`platform.req` is Node's request), or what `options.platform` builds.
 *
 * A handler that throws, rejects or returns no Response answers `500` `application/problem+json`
 * with a generic detail, never the error itself. A method the Fetch API cannot represent
 * (`TRACE`, `TRACK`) answers `501`.
 */
export function createRequestListener(
  handler: FetchHandler<NodePlatform>,
  options?: RequestListenerOptions<NodePlatform>,
): RequestListener;
export function createRequestListener<P extends PlatformInfo>(
  handler: FetchHandler<P>,
  options: RequestListenerOptions<P> & { platform: (req: IncomingMessage) => P },
): RequestListener;
export function createRequestListener(
  // The overloads carry the types; the implementation only passes the platform through.
  handler: FetchHandler<any>,
  options: RequestListenerOptions<any> = {},
): RequestListener {
  const onError = options.onError ?? logHandlerError;
  return (req, res) => {
    respond(handler, req, res, options, onError).catch(onError);
  };
}

async function respond(
  handler: FetchHandler<PlatformInfo>,
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestListenerOptions<PlatformInfo>,
  onError: ErrorSink,
): Promise<void> {
  try {
    let request: Request;
    try {
      request = incomingMessageToRequest(req, res, options);
    } catch {
      await writeResponse(problemResponse('not-implemented'), res);
      return;
    }
    const platform = { ...nodePlatform(req), ...options.platform?.(req) };
    const response = await callHandler(handler, request, platform, onError);
    try {
      await writeResponse(response, res);
    } catch (error) {
      // The body failed: answer 500 if nothing went out yet (writeResponse has cut it otherwise).
      onError(error);
      if (res.headersSent) return;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      await writeResponse(problemResponse('internal'), res);
    }
  } finally {
    releaseRequestBody(req);
  }
}
