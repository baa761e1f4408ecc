import { PRELUDE_CONTENT_TYPE, STREAMING_HANDLER as STREAMING } from '@csvfn/adapter-lambda/internal';
import { LocalResponseStream } from './responseStream.js';

/** A Lambda function as exported for the Node.js runtime: buffered or response-streaming. */
export type LambdaFunction = (event: any, contextOrStream: any, context?: any) => unknown;

/** Lambda's context object, as far as the local runtime fills it in. */
export interface LocalContext {
  /** This invocation's id (a fresh UUID). */
  awsRequestId: string;
  /** The name `Invoke` answers to. */
  functionName: string;
  /** Always `$LATEST`. */
  functionVersion: string;
  /** A made-up ARN in account 123456789012. */
  invokedFunctionArn: string;
  /** The memory Lambda would give the function. */
  memoryLimitInMB: string;
  /** The log group Lambda would use (`/aws/lambda/<name>`). */
  logGroupName: string;
  /** A log stream name in Lambda's format. */
  logStreamName: string;
  /** As Lambda's: whether a callback-style handler waits for the event loop to empty. */
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds left before the configured timeout. */
  getRemainingTimeInMillis(): number;
}

/** The error object Lambda reports for a failed invocation. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** What a buffered invocation produced: the JSON payload, or Lambda's error object. */
export type BufferedOutcome = { payload: Uint8Array } | { error: FunctionErrorPayload };

const DEADLINE_MS = 30_000;
let installs = 0;

/** Whether a function was made with `awslambda.streamifyResponse` (or `streamHandle`). */
export function isStreaming(fn: LambdaFunction): boolean {
  return (fn as unknown as Record<symbol, unknown>)[STREAMING] === 'response';
}

/**
 * Installs the `awslambda` global that Lambda's Node.js runtime provides (`streamifyResponse`,
 * `HttpResponseStream`), unless one exists. Returns the undo. Call it before importing a
 * function module that looks the global up at import time.
 */
export function emulateAwsLambdaGlobal(): () => void {
  const scope = globalThis as { awslambda?: unknown };
  if (scope.awslambda && installs === 0) return () => {};
  if (installs++ === 0) {
    scope.awslambda = {
      streamifyResponse<T extends LambdaFunction>(handler: T): T {
        return Object.assign(handler, { [STREAMING]: 'response' });
      },
      HttpResponseStream: {
        from(stream: LocalResponseStream, prelude: object): LocalResponseStream {
          stream.setContentType(PRELUDE_CONTENT_TYPE);
          const json = JSON.stringify(prelude);
          stream._onBeforeFirstWrite = (write) => {
            write(json);
            write(new Uint8Array(8));
          };
          return stream;
        },
      },
    };
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    if (--installs === 0) delete scope.awslambda;
  };
}

/** A fresh context for one invocation. */
export function createContext(functionName: string, region: string, requestId: string): LocalContext {
  const deadline = Date.now() + DEADLINE_MS;
  return {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Lambda's error object for something a function threw. */
export function errorPayload(error: unknown): FunctionErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error) };
}

/** A running streaming invocation: its response stream and the handler's promise. */
export interface StreamingInvocation {
  stream: LocalResponseStream;
  /** Settles when the handler does; a rejection has already failed the stream. */
  done: Promise<void>;
}

/** Starts a streaming handler. A handler that returns without ending the stream gets it ended. */
export function startStreaming(
  fn: LambdaFunction,
  event: unknown,
  context: LocalContext,
): StreamingInvocation {
  const stream = new LocalResponseStream();
  const done = (async () => {
    try {
      await fn(event, stream, context);
      if (!stream.writableEnded && !stream.destroyed) stream.end();
    } catch (error) {
      stream.fail(error);
    }
  })();
  return { stream, done };
}

/**
 * Runs one invocation to completion, as `Invoke` does: a buffered function's result becomes its
 * JSON, a streaming function's bytes are collected. Over `limit` bytes, the result is Lambda's
 * `Function.ResponseSizeTooLarge` error.
 */
export async function invokeBuffered(
  fn: LambdaFunction,
  event: unknown,
  context: LocalContext,
  limit: number,
): Promise<BufferedOutcome & { contentType?: string }> {
  const tooLarge = {
    error: {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${limit} bytes).`,
    },
  };
  if (isStreaming(fn)) {
    const { stream } = startStreaming(fn, event, context);
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of stream.chunks()) {
        size += chunk.byteLength;
        if (size > limit) {
          stream.destroy();
          return tooLarge;
        }
        parts.push(chunk);
      }
    } catch (error) {
      return { error: errorPayload(error) };
    }
    return { payload: Buffer.concat(parts), contentType: stream.contentType };
  }
  let result: unknown;
  try {
    result = await fn(event, context);
  } catch (error) {
    return { error: errorPayload(error) };
  }
  const payload = Buffer.from(JSON.stringify(result) ?? 'null');
  return payload.byteLength > limit ? tooLarge : { payload };
}
