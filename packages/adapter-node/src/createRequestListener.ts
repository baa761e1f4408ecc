import type { IncomingMessage, ServerResponse } from 'node:http';
import { type IncomingMessageToRequestOptions, incomingMessageToRequest } from './incomingMessageToRequest';
import { problemBody } from './problemBody';
import { releaseRequestBody } from './requestBody';
import type { FetchHandler, PlatformInfo } from './types';
import { writeResponse } from './writeResponse';

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions extends IncomingMessageToRequestOptions {
  /**
   * Adds to or overrides the {@link PlatformInfo} handed to the handler, which defaults to
   * `{ provider: 'node', clientAddress: req.socket.remoteAddress }`. Hosts built on Node (Vercel)
   * set their own `provider` and `requestId` here.
   */
  platform?: (req: IncomingMessage) => Partial<PlatformInfo>;
  /**
   * Receives what the handler throws (the client gets a generic 500) and failures while writing
   * the response. Default: `console.error`. Never sent to the client.
   */
  onError?: (error: unknown) => void;
}

/**
 * Turns a Fetch handler into a Node `(req, res)` listener for `http.createServer`, or for any
 * host that hands out Node's request and response.
 *
 * A handler that throws or rejects answers `500` `application/problem+json` with a generic
 * detail, never the error itself. A method the Fetch API cannot represent (`TRACE`, `TRACK`)
 * answers `501`.
 */
export function createRequestListener(
  handler: FetchHandler,
  options: RequestListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  return (req, res) => {
    respond(handler, req, res, options, onError).catch(onError);
  };
}

async function respond(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestListenerOptions,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    let request: Request;
    try {
      request = incomingMessageToRequest(req, res, options);
    } catch {
      await writeResponse(
        problem(501, 'not-implemented', 'Not Implemented', 'This method is not supported.'),
        res,
      );
      return;
    }
    let response: Response;
    try {
      response = await handler(request, {
        provider: 'node',
        clientAddress: req.socket.remoteAddress,
        ...options.platform?.(req),
      });
      if (typeof response?.status !== 'number') throw new TypeError('The handler did not return a Response.');
    } catch (error) {
      onError(error);
      response = internalError();
    }
    try {
      await writeResponse(response, res);
    } catch (error) {
      // The body failed: answer 500 if nothing went out yet (writeResponse has cut it otherwise).
      onError(error);
      if (res.headersSent) return;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      await writeResponse(internalError(), res);
    }
  } finally {
    releaseRequestBody(req);
  }
}

function internalError(): Response {
  return problem(500, 'internal', 'Internal Server Error', 'An unexpected error occurred.');
}

function problem(status: number, kind: string, title: string, detail: string): Response {
  const body = problemBody(status, kind, title, detail);
  return new Response(body, {
    status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-length': String(Buffer.byteLength(body)),
    },
  });
}
