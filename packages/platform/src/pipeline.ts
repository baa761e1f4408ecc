import { callHandler, isResponse, logHandlerError } from './callHandler.js';
import { holdResponse } from './holdResponse.js';
import { isLateProblem, lateProblemResponse } from './lateProblem.js';
import { problemResponse } from './problems.js';
import type { AdapterOptions, FetchHandler, PlatformInfo } from './types.js';

/** Marks an {@link UntranslatableRequest} by shape, so two bundled copies of this package agree. */
const UNTRANSLATABLE = Symbol.for('csvfn.untranslatableRequest');

/**
 * What an adapter's translation throws for a request the Fetch API cannot carry (a method it
 * forbids: `CONNECT`, `TRACE`, `TRACK`; a header value it refuses). Every adapter answers it the
 * same way, before the handler runs: `400` `bad-request`, its detail the error's message or else
 * {@link UNTRANSLATABLE_DETAIL}, not logged as a failure. A 4xx, not a 5xx: the client must change the request, and no retry helps.
 */
export class UntranslatableRequest extends Error {
  /** Always `UntranslatableRequest`. */
  override readonly name = 'UntranslatableRequest';
  /** The mark {@link createPipeline} knows it by, across bundled copies of this package. */
  readonly [UNTRANSLATABLE] = true;
}

/** The detail of the `400` a request the Fetch API cannot carry gets. */
export const UNTRANSLATABLE_DETAIL =
  'The request cannot be represented as a Fetch API Request: its method or a header is not supported.';

function isUntranslatable(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[UNTRANSLATABLE] === true
  );
}

/** One request through an adapter: the only steps that differ between platforms. */
export interface Exchange<P extends PlatformInfo, R> {
  /**
   * The platform's request as a Fetch `Request`, and the platform for the handler. Throws
   * {@link UntranslatableRequest} for a request the Fetch API cannot carry.
   */
  translate(): { request: Request; platform: P };
  /**
   * Hands the response to the platform: writes it, or turns it into the platform's result. Rejects
   * when the response body fails (with a `LateProblem` when the client's input was at fault).
   */
  send(response: Response): R | Promise<R>;
  /**
   * After `send` failed: whether the client has seen nothing yet, so a problem can still go in its
   * place. When it returns `false` the send has cut the transfer, and the pipeline rethrows.
   * Default: always (a platform that takes the response whole).
   */
  unsent?(): boolean;
}

/** What {@link createPipeline} takes: the shared options, and the adapter's compressor. */
export interface PipelineOptions extends AdapterOptions {
  /**
   * The response compressed for the request, where the adapter compresses (Node's zlib); a promise
   * where it compresses a whole body at once. It never throws or rejects (nothing here would answer
   * the client): a compression that fails returns the response as it is.
   */
  compress?: ((request: Request, response: Response) => Response | Promise<Response>) | false;
}

/**
 * The recipe every adapter runs, written once. For each {@link Exchange}:
 *
 * 1. translate the platform's request (one the Fetch API cannot carry is `400`, any other failure
 *    the generic `500`);
 * 2. call the handler behind the guard: a throw, a rejection or anything but a Response goes to
 *    `onError`, and the client gets the generic `500` problem;
 * 3. hold the response back up to `holdBytes`, so a body that fails early gets its own problem;
 * 4. compress it, where the adapter compresses;
 * 5. send it; a body that fails while being sent is logged (unless it is the client's
 *    `LateProblem`) and answered with its problem if nothing went out yet, else the transfer is cut.
 *
 * @example
 * ```ts
 * import { createPipeline, type FetchHandler } from '@csvfn/platform';
 *
 * export function handle(handler: FetchHandler) {
 *   const run = createPipeline(handler, { holdBytes: 0 });
 *   return (request: Request) =>
 *     run({ translate: () => ({ request, platform: { provider: 'my-host' } }), send: (response) => response });
 * }
 * ```
 */
export function createPipeline<P extends PlatformInfo>(
  handler: FetchHandler<P>,
  options: PipelineOptions = {},
): <R>(exchange: Exchange<P, R>) => Promise<R> {
  const onError = options.onError ?? logHandlerError;
  const holdBytes = options.holdBytes ?? 0;
  const held: FetchHandler<P> =
    holdBytes > 0
      ? async (request, platform) => {
          const response: unknown = await handler(request, platform);
          // Anything but a Response passes through, for the guard to refuse.
          return isResponse(response) ? holdResponse(response, holdBytes) : (response as Response);
        }
      : handler;
  const compress = options.compress || undefined;
  return async (exchange) => {
    let translated: { request: Request; platform: P };
    try {
      translated = exchange.translate();
    } catch (error) {
      if (isUntranslatable(error))
        return exchange.send(
          problemResponse('bad-request', (error as Error).message || UNTRANSLATABLE_DETAIL),
        );
      onError(error);
      return exchange.send(problemResponse('internal'));
    }
    const { request, platform } = translated;
    let response = await callHandler(held, request, platform, onError);
    if (compress) response = await compress(request, response);
    try {
      return await exchange.send(response);
    } catch (error) {
      // The client's bad input (a LateProblem) is no failure of ours: not logged.
      const late = isLateProblem(error);
      if (!late) onError(error);
      if (exchange.unsent && !exchange.unsent()) throw error;
      return exchange.send(late ? lateProblemResponse(error) : problemResponse('internal'));
    }
  };
}
