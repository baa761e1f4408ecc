import type { FetchHandler } from '@csvfn/adapter-node';
import { vercelPlatform } from './platform';

/** A Web-style Vercel Function: a Request in, a Response out. */
export type VercelWebHandler = (request: Request) => Promise<Response>;

/** Every export Vercel looks for in a Web-style function, all answering through one handler. */
export interface VercelWebHandlers {
  /** For `export default`: Vercel's Node.js runtime sends every method here. */
  fetch: VercelWebHandler;
  GET: VercelWebHandler;
  HEAD: VercelWebHandler;
  OPTIONS: VercelWebHandler;
  POST: VercelWebHandler;
  PUT: VercelWebHandler;
  PATCH: VercelWebHandler;
  DELETE: VercelWebHandler;
}

/** Options of {@link handleWeb}. */
export interface VercelWebOptions {
  /** Receives what the handler throws (the client gets a generic 500). Default: `console.error`. */
  onError?: (error: unknown) => void;
}

/** Same body as @csvfn/adapter-node's: a throwing handler looks the same on every target. */
const INTERNAL_ERROR = JSON.stringify({
  type: 'urn:csvfn:problem:internal',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
});

/**
 * Web-style Vercel Function exports (Node.js and Edge runtimes) from a Fetch handler.
 *
 * Export every method, not only `POST` and `OPTIONS`: for a method without an export Vercel
 * answers `405` itself, with no body, and the handler's own problem+json `405` (with `Allow`)
 * would be lost. The Edge runtime takes only the per-method exports (its `export default` must be
 * a function); the Node.js runtime takes either.
 *
 * @example
 * ```ts
 * // api/index.ts
 * import { handleWeb } from '@csvfn/adapter-vercel/web';
 * import { createCsvHandler } from '@csvfn/core';
 * export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = handleWeb(createCsvHandler());
 * ```
 */
export function handleWeb(handler: FetchHandler, options: VercelWebOptions = {}): VercelWebHandlers {
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const fetch: VercelWebHandler = async (request) => {
    try {
      const platform = vercelPlatform((name) => request.headers.get(name));
      const response = await handler(withDrainingBody(request), platform);
      if (typeof response?.status !== 'number') throw new TypeError('The handler did not return a Response.');
      return response;
    } catch (error) {
      // Vercel's wrapper would otherwise crash on the rejection or show the error's message.
      onError(error);
      return new Response(INTERNAL_ERROR, {
        status: 500,
        headers: {
          'content-type': 'application/problem+json',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    }
  };
  return {
    fetch,
    GET: fetch,
    HEAD: fetch,
    OPTIONS: fetch,
    POST: fetch,
    PUT: fetch,
    PATCH: fetch,
    DELETE: fetch,
  };
}

/**
 * The request with a body that, when the handler cancels it (say at a 413), drains the rest
 * instead of cancelling Vercel's stream: in @vercel/node 5.9.9's Node.js runtime that stream
 * keeps pushing after a cancel and throws, which kills the function. The body is already
 * buffered by Vercel's edge (4.5 MB at most), so draining costs no network time.
 */
function withDrainingBody(request: Request): Request {
  if (!request.body) return request;
  const reader = request.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel() {
      drain(reader);
    },
  });
  return new Request(request, { body, duplex: 'half' } as RequestInit);
}

function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const next = (): Promise<void> => reader.read().then(({ done }) => (done ? undefined : next()));
  next().catch(() => {}); // nothing left to protect if the body fails
}
