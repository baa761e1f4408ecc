import { PRELUDE_CONTENT_TYPE } from '@csvfn/adapter-lambda/internal';
import {
  httpApiEvent,
  httpApiResponse,
  responseFromStream,
  webRequestData,
} from '@csvfn/lambda-local/events';
import { type CsvfnClient, csvfnClient } from './csvRequest.js';
import { LambdaFunctionError } from './errors.js';
import { type LambdaClientConfigLike, resolveLambdaConfig } from './lambdaConfig.js';

/** What the invoker needs of a `LambdaClient`: its `send`. Any configured client fits. */
export interface LambdaInvokeClient {
  /** Sends an `InvokeCommand` (as `LambdaClient.send` does). */
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>;
}

/** Options of {@link createInvoker}. */
export interface InvokerOptions {
  /** The deployed function: name, `name:alias` or ARN. */
  functionName: string;
  /** A configured `LambdaClient`. Default: one made from `clientConfig`. */
  client?: LambdaInvokeClient;
  /**
   * Used only without `client`, e.g. `{ region: 'eu-west-1' }`, or `{ endpoint: localLambda.url }`:
   * a loopback endpoint alone is enough (region and dummy credentials are filled in).
   */
  clientConfig?: LambdaClientConfigLike;
  /** Version or alias to invoke. */
  qualifier?: string;
  /** Use `InvokeWithResponseStream`, for a function deployed with `streamHandle`. */
  streaming?: boolean;
}

/**
 * Calls a deployed csvfn function directly through the Lambda API, without an HTTP front door.
 * Besides {@link ProblemError}, `convert` and `fetch` throw {@link LambdaFunctionError} when the
 * invocation fails, and the SDK's own errors (e.g. `RequestEntityTooLargeException` above 6 MB).
 */
export type Invoker = CsvfnClient;

/** The invoke payload has no host: the function sees the path and query only. */
const ORIGIN = 'https://lambda-invoke.csvfn.invalid/';
const SDK = '@aws-sdk/client-lambda';
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

type Sdk = typeof import('@aws-sdk/client-lambda');
let sdk: Promise<Sdk> | undefined;

/** Loads the SDK on the first invocation only: it is an optional peer, and large. */
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@aws-sdk/client-lambda').catch((error: unknown) => {
    sdk = undefined;
    throw new Error(
      `@csvfn/client: Lambda Invoke needs the optional peer dependency ${SDK}; install it (npm install ${SDK}).`,
      { cause: error },
    );
  });
  return sdk;
}

/**
 * An invoke client for a csvfn function on AWS Lambda, through `@aws-sdk/client-lambda` (an
 * optional peer, loaded on first use). Each request travels as a Function URL event.
 *
 * @example
 * ```ts
 * const invoker = createInvoker({ functionName: 'csvfn-employees' });
 * const csv = await invoker.convert([{ name: 'Ana', age: 30, jobTitle: 'CTO', badgeNumber: 1 }]);
 * ```
 */
export function createInvoker(options: InvokerOptions): Invoker {
  let client: Promise<LambdaInvokeClient> | undefined = options.client && Promise.resolve(options.client);
  const lambda = () => {
    client ??= loadSdk().then(
      ({ LambdaClient }) => new LambdaClient(resolveLambdaConfig(options.clientConfig) as object),
    );
    return client;
  };

  return csvfnClient(ORIGIN, async (request, init = {}) => {
    const event = httpApiEvent(await webRequestData(request, ''), false);
    const { InvokeCommand, InvokeWithResponseStreamCommand } = await loadSdk();
    const command = {
      FunctionName: options.functionName,
      Qualifier: options.qualifier,
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    };
    const send = { abortSignal: init.signal ?? request.signal };
    if (options.streaming) {
      const output = await (await lambda()).send(new InvokeWithResponseStreamCommand(command), send);
      const chunks = payloadChunks(output.EventStream ?? emptyStream());
      if (output.ResponseStreamContentType === PRELUDE_CONTENT_TYPE) {
        return responseFromStream(PRELUDE_CONTENT_TYPE, chunks);
      }
      return resultResponse(await collect(chunks));
    }
    const output = await (await lambda()).send(new InvokeCommand(command), send);
    const payload: Uint8Array = output.Payload ?? new Uint8Array(0);
    if (output.FunctionError) throw new LambdaFunctionError(output.FunctionError, parseJson(payload) ?? {});
    return resultResponse(payload);
  });
}

// A streaming function invoked without streaming answers with its raw stream, prelude first.
function resultResponse(payload: Uint8Array): Response | Promise<Response> {
  if (hasPrelude(payload)) {
    return responseFromStream(
      PRELUDE_CONTENT_TYPE,
      (async function* () {
        yield payload;
      })(),
    );
  }
  return httpApiResponse(parseJson(payload));
}

async function* payloadChunks(
  events: AsyncIterable<{
    PayloadChunk?: { Payload?: Uint8Array };
    InvokeComplete?: { ErrorCode?: string; ErrorDetails?: string };
  }>,
): AsyncGenerator<Uint8Array> {
  for await (const event of events) {
    if (event.PayloadChunk?.Payload) yield event.PayloadChunk.Payload;
    if (event.InvokeComplete?.ErrorCode) {
      const details = parseJson(new TextEncoder().encode(event.InvokeComplete.ErrorDetails ?? '')) as
        | object
        | undefined;
      throw new LambdaFunctionError(event.InvokeComplete.ErrorCode, {
        errorMessage: event.InvokeComplete.ErrorDetails,
        ...details,
      });
    }
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* emptyStream() {}

function hasPrelude(payload: Uint8Array): boolean {
  // JSON escapes control characters, so eight raw NUL bytes only ever come from a prelude.
  return payload[0] === 0x7b && Buffer.from(payload).includes(Buffer.alloc(8));
}

function parseJson(payload: Uint8Array): any {
  try {
    return JSON.parse(utf8.decode(payload));
  } catch {
    return undefined;
  }
}
