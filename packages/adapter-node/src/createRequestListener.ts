import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  callHandler,
  type ErrorSink,
  type FetchHandler,
  holdingHandler,
  isLateProblem,
  lateProblemResponse,
  logHandlerError,
  type PlatformInfo,
  problemResponse,
} from '@csvfn/platform';
import { compressWithZlib } from '@csvfn/platform/node';
import type { IncomingMessageToRequestOptions } from './incomingMessageToRequest.js';
import { leanRequest } from './leanRequest.js';
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
  /**
   * Compress text answers (CSV, JSON) with gzip or br when the request's `Accept-Encoding` takes
   * one, flushing each chunk so a streamed answer stays streamed; every such answer gets
   * `Vary: Accept-Encoding`. Default `true`; turn it off behind a proxy or platform that
   * compresses for you (Vercel does: its adapter turns it off).
   */
  compress?: boolean;
  /**
   * Bytes of answer to hold back until its body has ended, so that a body failing after its
   * `200` (a bad NDJSON row past the first 64 KiB) is answered with its own problem instead of a
   * cut connection. Default `0`: stream at once, and cut the connection on a late failure, which
   * every HTTP client sees as an incomplete answer. Hosts that buffer anyway (Vercel) set it.
   */
  holdBytes?: number;
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
    // HTTP/1.1 requires Host (RFC 9112 §3.2); serve() turns off Node's own bare 400 for this one.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      await writeResponse(problemResponse('bad-request', 'The request has no Host header.'), res);
      return;
    }
    let request: Request;
    try {
      request = leanRequest(req, res, options);
    } catch {
      await writeResponse(problemResponse('not-implemented'), res);
      return;
    }
    const platform = { ...nodePlatform(req), ...options.platform?.(req) };
    const holdBytes = options.holdBytes ?? 0;
    const held = holdBytes > 0 ? holdingHandler(handler, holdBytes) : handler;
    let response = await callHandler(held, request, platform, onError);
    if (options.compress !== false) response = compressWithZlib(request, response);
    try {
      await writeResponse(response, res);
    } catch (error) {
      // The body failed. A client's bad input (a LateProblem) is no failure of ours: it is not
      // logged, and gets its own problem if nothing went out yet. writeResponse has cut it otherwise.
      const late = isLateProblem(error);
      if (!late) onError(error);
      if (res.headersSent) return;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      await writeResponse(late ? lateProblemResponse(error) : problemResponse('internal'), res);
    }
  } finally {
    releaseRequestBody(req);
  }
}
