import type { IncomingMessage, ServerResponse } from 'node:http';
import { invokeComplete, payloadChunk } from './eventStream.js';
import { readBody, sendJson } from './nodeHttp.js';
import {
  createContext,
  errorPayload,
  invokeBuffered,
  isStreaming,
  type LambdaFunction,
  startStreaming,
} from './runtime.js';

/** The function behind a local Invoke API, and the limits it enforces. */
export interface InvokeTarget {
  fn: LambdaFunction;
  functionName: string;
  region: string;
  requestLimit: number;
  responseLimit: number;
  streamLimit: number;
}

const BUFFERED = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const STREAMING = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/;

/** Whether a request is a call of Lambda's Invoke or InvokeWithResponseStream API. */
export function isInvokeApi(method: string | undefined, path: string): boolean {
  return method === 'POST' && (BUFFERED.test(path) || STREAMING.test(path));
}

/** Answers `Invoke` (buffered) and `InvokeWithResponseStream` as the Lambda service does. */
export async function serveInvokeApi(req: IncomingMessage, res: ServerResponse, target: InvokeTarget) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const streaming = STREAMING.exec(path);
  const name = functionName(decodeURIComponent((streaming ?? BUFFERED.exec(path))![1]!));
  const requestId = crypto.randomUUID();
  const meta = { 'x-amzn-requestid': requestId };

  const body = await readBody(req, target.requestLimit);
  if (name !== target.functionName) {
    const arn = `arn:aws:lambda:${target.region}:000000000000:function:${name}`;
    return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${arn}`, meta);
  }
  if (!body) {
    const operation = streaming ? 'InvokeWithResponseStream' : 'InvokeFunction';
    const message = `Request must be smaller than ${target.requestLimit} bytes for the ${operation} operation`;
    return sendError(res, 413, 'RequestEntityTooLargeException', message, meta);
  }
  let event: unknown = {};
  if (body.byteLength > 0) {
    try {
      event = JSON.parse(Buffer.from(body).toString());
    } catch (error) {
      const message = `Could not parse request body into json: ${(error as Error).message}`;
      return sendError(res, 400, 'InvalidRequestContentException', message, meta);
    }
  }
  const context = createContext(target.functionName, target.region, requestId);
  const headers = { ...meta, 'x-amz-executed-version': '$LATEST' };

  const invocationType = req.headers['x-amz-invocation-type'];
  if (!streaming && invocationType === 'DryRun') {
    res.writeHead(204, headers).end();
    return;
  }
  if (!streaming && invocationType === 'Event') {
    void invokeBuffered(target.fn, event, context, Number.POSITIVE_INFINITY);
    res.writeHead(202, headers).end();
    return;
  }
  if (streaming) return streamInvocation(res, target, event, context, headers);

  const outcome = await invokeBuffered(target.fn, event, context, target.responseLimit);
  if ('error' in outcome) {
    return sendJson(res, 200, outcome.error, { ...headers, 'x-amz-function-error': 'Unhandled' });
  }
  res.writeHead(200, {
    ...headers,
    'content-type': outcome.contentType ?? 'application/json',
    'content-length': outcome.payload.byteLength,
  });
  res.end(outcome.payload);
}

/**
 * `InvokeWithResponseStream`: the function's bytes as `PayloadChunk` events, then
 * `InvokeComplete`. A buffered function's JSON result goes out as one chunk.
 */
async function streamInvocation(
  res: ServerResponse,
  target: InvokeTarget,
  event: unknown,
  context: ReturnType<typeof createContext>,
  headers: Record<string, string>,
) {
  const { stream } = startStreaming(asStreaming(target.fn), event, context);
  const chunks = stream.chunks();
  res.once('close', () => {
    if (!res.writableFinished) stream.destroy();
  });
  let first: IteratorResult<Uint8Array>;
  try {
    first = await chunks.next();
  } catch (error) {
    res.writeHead(200, { ...headers, 'content-type': stream.contentType });
    res.end(invokeComplete(errorPayload(error)));
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': stream.contentType });
  let size = 0;
  try {
    for (let next = first; !next.done; next = await chunks.next()) {
      size += next.value.byteLength;
      if (size > target.streamLimit) {
        await chunks.return(undefined);
        stream.destroy();
        const errorMessage = `Response payload size exceeded maximum allowed payload size (${target.streamLimit} bytes).`;
        res.end(invokeComplete({ errorType: 'Function.ResponseSizeTooLarge', errorMessage }));
        return;
      }
      if (next.value.byteLength > 0 && !res.write(payloadChunk(next.value))) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) return;
    }
    res.end(invokeComplete());
  } catch (error) {
    res.end(invokeComplete(errorPayload(error)));
  }
}

/** Lets a buffered function answer `InvokeWithResponseStream`: its JSON result is the stream. */
function asStreaming(fn: LambdaFunction): LambdaFunction {
  if (isStreaming(fn)) return fn;
  return async (
    event: unknown,
    stream: NodeJS.WritableStream & { setContentType(t: string): void },
    context: unknown,
  ) => {
    const result = await fn(event, context);
    stream.setContentType('application/json');
    stream.end(JSON.stringify(result) ?? 'null');
  };
}

/** `name`, `name:qualifier`, `123456789012:function:name` or a full ARN: the name. */
function functionName(identifier: string): string {
  const afterFunction = identifier.includes('function:') ? identifier.split('function:')[1]! : identifier;
  return afterFunction.split(':')[0]!;
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  meta: Record<string, string>,
) {
  sendJson(res, status, { Type: 'User', message }, { ...meta, 'x-amzn-errortype': type });
}
