import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AdapterOptions,
  type CompressOptions,
  createPipeline,
  type FetchHandler,
  type PlatformInfo,
  type SentOutcome,
  UntranslatableRequest,
} from '@csvfn/platform';
import { problemResponse } from '@csvfn/platform/internal';
import { compressAnswer } from './compressAnswer.js';
import type { IncomingMessageToRequestOptions } from './incomingMessageToRequest.js';
import { installLeanGlobals } from './leanGlobals.js';
import { LeanHeaders } from './leanHeaders.js';
import { joinWhenLoaded, leanRequest, readLeanBody } from './leanRequest.js';
import { LeanResponse, leanLength } from './leanResponse.js';
import { type NodePlatform, nodePlatform } from './nodePlatform.js';
import { releaseRequestBody } from './requestBody.js';
import { hasClosed, wentWhole, writeResponse } from './writeResponse.js';

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions<P extends PlatformInfo = NodePlatform>
  extends IncomingMessageToRequestOptions,
    AdapterOptions,
    CompressOptions {
  /**
   * Builds the platform handed to the handler, merged over the default
   * `{ provider: 'node', clientAddress: req.socket.remoteAddress, req }`. Hosts built on Node
   * (Vercel) set their own `provider`, `requestId` and typed objects here.
   */
  platform?: (req: IncomingMessage) => P;
}

/** A Node `(req, res)` listener, as `http.createServer` takes. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Turns a Fetch handler into a Node `(req, res)` listener for `http.createServer`, or for any
 * host that hands out Node's request and response. The handler gets a {@link NodePlatform}
 * (`platform.req` is Node's request), or what `options.platform` builds.
 *
 * A handler that throws, rejects or returns no Response gets the generic `500`
 * `application/problem+json`, never the error itself. A method the Fetch API cannot represent
 * (`TRACE`, `TRACK`) gets `400`, as on every adapter.
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
  // Answers built as bytes or a string are written without undici (see leanResponse.ts).
  installLeanGlobals({ Response: LeanResponse, Headers: LeanHeaders });
  joinWhenLoaded();
  const run = createPipeline(handler, {
    onError: options.onError,
    holdBytes: options.holdBytes ?? 0,
    compress: options.compress !== false && compressAnswer,
  });
  return (req, res) => {
    // HTTP/1.1 requires Host (RFC 9112 §3.2); serve() turns off Node's own bare 400 for this one,
    // and the connection closes after the problem, as after Node's.
    const response =
      req.httpVersion === '1.1' && req.headers.host === undefined
        ? missingHost(res)
        : run(nodeExchange(req, res, options));
    // A failure that reaches here was reported by the pipeline, and the transfer cut.
    response.catch(() => {}).finally(() => releaseRequestBody(req));
  };
}

/**
 * The adapter's entry under the name every csvfn adapter uses: {@link createRequestListener}, for
 * `http.createServer(handle(app))`.
 */
export const handle = createRequestListener;

/** One Node request and response as the pipeline's exchange. */
function nodeExchange(req: IncomingMessage, res: ServerResponse, options: RequestListenerOptions<any>) {
  let sends = 0;
  // The response last sent: its body bytes are counted when someone asks (a stream's are not).
  let sent: Response | undefined;
  const onSent = (listener: (outcome: SentOutcome) => void) => {
    // 'close' comes after 'finish' once the last byte was handed to the socket, or alone when the
    // connection went first, which may be before the handler asks.
    const closed = () => {
      const bytes = req.method === 'HEAD' ? 0 : sent && leanLength(sent);
      listener(wentWhole(res) ? { bytes } : { aborted: true, bytes });
    };
    if (hasClosed(res)) queueMicrotask(closed);
    else res.once('close', closed);
  };
  return {
    translate() {
      let request: Request;
      try {
        request = leanRequest(req, res, options);
      } catch {
        // `new Request` refuses the method (CONNECT, TRACE, TRACK).
        throw new UntranslatableRequest();
      }
      const readBody = (maxBytes: number) => readLeanBody(request, maxBytes);
      return { request, platform: { ...nodePlatform(req), ...options.platform?.(req), onSent, readBody } };
    },
    send(response: Response) {
      // A second send replaces a response that failed before its headers went out.
      if (sends++ > 0) for (const name of res.getHeaderNames()) res.removeHeader(name);
      sent = response;
      return writeResponse(response, res);
    },
    unsent: () => !res.headersSent,
  };
}

function missingHost(res: ServerResponse): Promise<void> {
  res.setHeader('connection', 'close');
  return writeResponse(problemResponse('bad-request', 'The request has no Host header.'), res);
}
