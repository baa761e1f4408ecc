import { type AdapterOptions, createPipeline, DEFAULT_HOLD_BYTES, type FetchHandler } from '@csvfn/platform';
import { provideDecompressionStream } from './decompressionStream.js';
import { type VercelWebPlatform, vercelPlatform } from './platform.js';

/** A Web-style Vercel Function: a Request in, a Response out. */
export type VercelWebHandler = (request: Request) => Promise<Response>;

/** Every export Vercel looks for in a Web-style function, all answering through one handler. */
export interface VercelWebHandlers {
  /** For `export default`: Vercel's Node.js runtime sends every method here. */
  fetch: VercelWebHandler;
  /** `export const GET`: answers GET. */
  GET: VercelWebHandler;
  /** `export const HEAD`: answers HEAD. */
  HEAD: VercelWebHandler;
  /** `export const OPTIONS`: answers the CORS preflight. */
  OPTIONS: VercelWebHandler;
  /** `export const POST`: answers POST. */
  POST: VercelWebHandler;
  /** `export const PUT`: answers PUT. */
  PUT: VercelWebHandler;
  /** `export const PATCH`: answers PATCH. */
  PATCH: VercelWebHandler;
  /** `export const DELETE`: answers DELETE. */
  DELETE: VercelWebHandler;
}

/** Options of {@link handleWeb}: the shared ones (`holdBytes` defaults to 8 MiB). */
export interface VercelWebOptions extends AdapterOptions {}

/**
 * Web-style Vercel Function exports (Node.js and Edge runtimes) from a Fetch handler. The handler
 * gets a {@link VercelWebPlatform}: `provider: 'vercel'`, `requestId` from `x-vercel-id`.
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
export function handleWeb(
  handler: FetchHandler<VercelWebPlatform>,
  options: VercelWebOptions = {},
): VercelWebHandlers {
  // The guard matters here: Vercel's wrapper would otherwise crash on a rejection or show its message.
  const run = createPipeline(handler, { ...options, holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES });
  const fetch: VercelWebHandler = async (request) => {
    // The Edge runtime has no DecompressionStream: a compressed body brings one in (fflate) first.
    if (typeof DecompressionStream !== 'function' && request.headers.has('content-encoding'))
      await provideDecompressionStream();
    return run({
      translate: () => ({
        request: withDrainingBody(request),
        platform: vercelPlatform((name) => request.headers.get(name)),
      }),
      send: (response) => response,
    });
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
 * The request with a body that, when the handler cancels it, drains the rest instead of cancelling
 * Vercel's stream: in @vercel/node 5.9.9's Node.js runtime that stream keeps pushing after a cancel
 * and throws, which kills the function (and its Edge runtime never answers). csvfn's core only
 * releases a body, but `handleWeb` takes any Fetch handler: without this, a handler that cancels
 * still crashes the dev server (test/web.test.ts, "stops reading the body early"). The body is
 * already buffered by Vercel's edge (4.5 MB at most), so draining costs no network time.
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
