import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  type LambdaClientConfig,
} from '@aws-sdk/client-lambda';
import { v2Event, v2Response } from '../front-doors/payload-v2';
import { PRELUDE_CONTENT_TYPE, responseFromStream } from '../front-doors/streamed-response';
import { webRequestData } from '../front-doors/web-request';
import { LambdaFunctionError, type Problem, ProblemError } from './errors';

/** Options of {@link createInvoker}. */
export interface InvokerOptions {
  /** The deployed function: name, `name:alias` or ARN. */
  functionName: string;
  /** A configured client. Default: `new LambdaClient(clientConfig)`, region and credentials from the environment. */
  client?: LambdaClient;
  /** Used only without `client`, e.g. `{ endpoint: localLambda.url, region, credentials }`. */
  clientConfig?: LambdaClientConfig;
  /** Version or alias to invoke. */
  qualifier?: string;
  /** Use `InvokeWithResponseStream`, for a function deployed with `streamHandle`. */
  streaming?: boolean;
}

/** Options of {@link Invoker.convert}; each becomes the query option or header of the same name. */
export interface ConvertOptions {
  delimiter?: ',' | ';' | '\t' | '|';
  header?: boolean;
  bom?: boolean;
  eol?: 'crlf' | 'lf';
  filename?: string;
  /** `csv` (default) or `tsv`, sent as `Accept`. */
  format?: 'csv' | 'tsv';
  /** Extra request headers, e.g. `authorization` for a function with API keys. */
  headers?: Record<string, string>;
  /** The path the function sees. Default `/`. */
  path?: string;
  signal?: AbortSignal;
}

/** Calls a deployed csvfn function directly through the Lambda API, without an HTTP front door. */
export interface Invoker {
  /**
   * Converts rows to CSV (or TSV). Throws {@link ProblemError} when the function answers with a
   * problem (e.g. 422 with every invalid row), {@link LambdaFunctionError} when the invocation
   * fails, and the SDK's own errors (e.g. `RequestEntityTooLargeException` above 6 MB).
   */
  convert(rows: readonly unknown[], options?: ConvertOptions): Promise<string>;
  /** Any request, sent as a Function URL event; the function's answer as a Response. */
  fetch(request: Request, init?: { signal?: AbortSignal }): Promise<Response>;
}

const ORIGIN = 'https://lambda-invoke.csvfn.invalid';
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * An invoke client for a csvfn function, on `@aws-sdk/client-lambda`. It lives at its own entry
 * point so `handle` never loads the SDK.
 *
 * @example
 * ```ts
 * const invoker = createInvoker({ functionName: 'csvfn-employees' });
 * const csv = await invoker.convert([{ name: 'Ana', age: 30, jobTitle: 'CTO', badgeNumber: 1 }]);
 * ```
 */
export function createInvoker(options: InvokerOptions): Invoker {
  let client = options.client;
  const lambda = () => {
    client ??= new LambdaClient(options.clientConfig ?? {});
    return client;
  };

  const invokeFetch: Invoker['fetch'] = async (request, init = {}) => {
    const event = v2Event(await webRequestData(request, ''), false);
    const command = {
      FunctionName: options.functionName,
      Qualifier: options.qualifier,
      Payload: Buffer.from(JSON.stringify(event)),
    };
    const send = { abortSignal: init.signal ?? request.signal };
    if (options.streaming) {
      const output = await lambda().send(new InvokeWithResponseStreamCommand(command), send);
      const chunks = payloadChunks(output.EventStream ?? emptyStream());
      if (output.ResponseStreamContentType === PRELUDE_CONTENT_TYPE) {
        return responseFromStream(PRELUDE_CONTENT_TYPE, chunks);
      }
      return resultResponse(await collect(chunks));
    }
    const output = await lambda().send(new InvokeCommand(command), send);
    const payload = output.Payload ?? new Uint8Array(0);
    if (output.FunctionError) throw new LambdaFunctionError(output.FunctionError, parseJson(payload) ?? {});
    return resultResponse(payload);
  };

  return {
    fetch: invokeFetch,
    async convert(rows, convertOptions = {}) {
      const { format, headers, path, signal, ...query } = convertOptions;
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(query))
        if (value !== undefined) search.set(name, String(value));
      const url = `${ORIGIN}${path ?? '/'}${search.size > 0 ? `?${search}` : ''}`;
      const response = await invokeFetch(
        new Request(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: format === 'tsv' ? 'text/tab-separated-values' : 'text/csv',
            ...headers,
          },
          body: JSON.stringify(rows),
        }),
        { signal },
      );
      const body = utf8.decode(await response.arrayBuffer());
      if (!response.ok) throw new ProblemError(toProblem(response, body));
      return body;
    },
  };
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
  return v2Response(parseJson(payload));
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

function toProblem(response: Response, body: string): Problem {
  const type = response.headers.get('content-type') ?? '';
  const parsed = /json/i.test(type)
    ? (parseJson(new TextEncoder().encode(body)) as Problem | undefined)
    : undefined;
  if (parsed && typeof parsed === 'object' && typeof parsed.type === 'string') {
    return { ...parsed, status: typeof parsed.status === 'number' ? parsed.status : response.status };
  }
  return { type: 'about:blank', title: `HTTP ${response.status}`, status: response.status, detail: body };
}
