import { createPipeline } from '@csvfn/platform';
import { compressWithZlib } from '@csvfn/platform/node';
import { eventRequest } from './eventRequest.js';
import { getProcessor } from './events/getProcessor.js';
import { singleValueHeaders } from './responseHeaders.js';
import type { LambdaContext, LambdaFetchHandler, LambdaHttpEvent, LambdaOptions } from './types.js';

/** The response stream Lambda passes a streaming handler: a Node writable plus `setContentType`. */
export interface LambdaResponseStream {
  /** Sends a chunk of the body; `false` asks the writer to wait for `drain`. */
  write(chunk: Uint8Array | string): boolean;
  /** Ends the body, and the invocation. */
  end(): unknown;
  /** Listens for the stream's events (`drain`, `error`, `close`). */
  on(event: string, listener: (...args: any[]) => void): unknown;
  /** Stops listening. */
  off(event: string, listener: (...args: any[]) => void): unknown;
  /** Sets the content type Lambda sends ahead of the body. */
  setContentType(contentType: string): void;
  /** Whether the whole body has been handed to Lambda. */
  readonly writableFinished?: boolean;
}

/** A handler in Lambda's response-streaming form. */
export type StreamingLambdaHandler = (
  event: LambdaHttpEvent,
  responseStream: LambdaResponseStream,
  context?: LambdaContext,
) => Promise<void>;

/** The HTTP status, headers and cookies sent ahead of a streamed body. */
export interface StreamPrelude {
  /** The HTTP status. */
  statusCode: number;
  /** The headers, `Set-Cookie` aside. */
  headers: Record<string, string>;
  /** Each `Set-Cookie` value. */
  cookies?: string[];
}

interface AwsLambdaGlobal {
  streamifyResponse?: (handler: StreamingLambdaHandler) => StreamingLambdaHandler;
  HttpResponseStream?: {
    from(stream: LambdaResponseStream, prelude: StreamPrelude): LambdaResponseStream;
  };
}

import { PRELUDE_CONTENT_TYPE, STREAMING_HANDLER } from './streamingWire.js';

const awsLambda = () => (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda;

/**
 * Turns a Web fetch handler into a Lambda response-streaming handler (Function URL with
 * `InvokeMode: RESPONSE_STREAM`): the body streams out as the handler produces it, so the
 * buffered 6 MB response cap does not apply. Status, headers and cookies always go out, even
 * with an empty body; writes wait for the stream to drain; the invocation ends only once the
 * stream has finished. Off Lambda, where the `awslambda` global is missing, importing and calling
 * it is safe.
 *
 * @example
 * ```ts
 * export const handler = streamHandle(createCsvHandler({ maxBodyBytes: 6_000_000 }));
 * ```
 */
export function streamHandle(
  handler: LambdaFetchHandler,
  options: Omit<LambdaOptions, 'isBinary'> = {},
): StreamingLambdaHandler {
  const run = createPipeline(handler, {
    onError: options.onError,
    holdBytes: options.holdBytes ?? 0,
    compress: options.compress !== false && compressWithZlib,
  });
  const streaming: StreamingLambdaHandler = async (event, responseStream, context) => {
    const processor = getProcessor(event);
    await run({
      translate: () => eventRequest(processor, event, context),
      send(response) {
        const cookies = response.headers.getSetCookie();
        const prelude: StreamPrelude = {
          statusCode: response.status,
          headers: singleValueHeaders(response.headers),
          ...(cookies.length > 0 ? { cookies } : {}),
        };
        return writeBody(response.body, withPrelude(responseStream, prelude));
      },
      // The prelude went out with the first write: a failure after it cuts the stream.
      unsent: () => false,
    });
  };
  const streamify = awsLambda()?.streamifyResponse;
  if (streamify) return streamify(streaming);
  return Object.assign(streaming, { [STREAMING_HANDLER]: 'response' });
}

function withPrelude(stream: LambdaResponseStream, prelude: StreamPrelude): LambdaResponseStream {
  const from = awsLambda()?.HttpResponseStream?.from;
  if (from) return from(stream, prelude);
  // No runtime helper: write the same wire format (JSON prelude, eight NUL bytes) by hand.
  stream.setContentType(PRELUDE_CONTENT_TYPE);
  stream.write(JSON.stringify(prelude));
  stream.write(new Uint8Array(8));
  return stream;
}

async function writeBody(body: ReadableStream<Uint8Array> | null, stream: LambdaResponseStream) {
  // The runtime sends the prelude on the first write: an empty body must still write once (hono#2401).
  stream.write(new Uint8Array(0));
  if (body) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Respect backpressure rather than buffer the whole body in memory (hono#5333).
        if (value.byteLength > 0 && !stream.write(value)) await settled(stream, 'drain');
      }
    } catch (error) {
      await reader.cancel(error).catch(() => {});
      throw error;
    }
  }
  // Resolving before `finish` lets Lambda freeze the sandbox with bytes still unsent.
  const finished = settled(stream, 'finish');
  stream.end();
  await finished;
}

/** Waits for `event`; an error or an early close rejects instead of hanging. */
function settled(stream: LambdaResponseStream, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      stream.off(event, onEvent);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onEvent = () => done();
    const onError = (error: unknown) => done(error ?? new Error('The response stream failed.'));
    const onClose = () =>
      done(stream.writableFinished ? undefined : new Error('The response stream closed early.'));
    stream.on(event, onEvent);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
