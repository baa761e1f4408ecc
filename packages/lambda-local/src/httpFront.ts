import type { IncomingMessage, ServerResponse } from 'node:http';
import { responseFromStream } from '@csvfn/client/lambda';
import type { FrontDoor } from './frontDoors/frontDoor.js';
import { readBody, requestData, sendBuffered, sendResponse } from './nodeHttp.js';
import {
  createContext,
  invokeBuffered,
  isStreaming,
  type LambdaFunction,
  startStreaming,
} from './runtime.js';

/** The function behind a local HTTP front door, and the limits that door enforces. */
export interface HttpFrontTarget {
  fn: LambdaFunction;
  frontDoor: FrontDoor;
  functionName: string;
  region: string;
  requestLimit: number;
  responseLimit: number;
  streamLimit: number;
}

/**
 * Serves one HTTP request the way the AWS front door would: event in, result out. A streaming
 * function (Function URL only) streams its body as it writes it.
 */
export async function serveHttpFront(req: IncomingMessage, res: ServerResponse, target: HttpFrontTarget) {
  const requestId = crypto.randomUUID();
  const meta = { 'x-amzn-requestid': requestId };
  const body = await readBody(req, target.requestLimit);
  if (!body) return sendBuffered(res, tooLarge(), { ...meta, connection: 'close' });
  const data = requestData(req, body, requestId);
  const event = target.frontDoor.toEvent(data);
  // Lambda's limit applies to the event as sent: JSON, with a base64 body a third larger.
  if (Buffer.byteLength(JSON.stringify(event)) > target.requestLimit)
    return sendBuffered(res, tooLarge(), meta);
  const context = createContext(target.functionName, target.region, requestId);

  if (isStreaming(target.fn)) {
    if (target.frontDoor.name !== 'function-url') {
      throw new Error(
        `A streaming function can only be served behind a Function URL, not "${target.frontDoor.name}".`,
      );
    }
    const response = await streamedResponse(target, event, context, res);
    // A body failing mid-stream is the function's failure: writeResponse has already cut the
    // connection so the client sees it; the local Lambda itself did nothing wrong.
    return sendResponse(res, response, meta).catch(() => res.destroy());
  }
  const outcome = await invokeBuffered(target.fn, event, context, target.responseLimit);
  let response: Response;
  try {
    response =
      'error' in outcome
        ? target.frontDoor.functionError()
        : target.frontDoor.toResponse(JSON.parse(Buffer.from(outcome.payload).toString()), data);
  } catch {
    response = target.frontDoor.functionError();
  }
  await sendBuffered(res, response, meta);
}

async function streamedResponse(
  target: HttpFrontTarget,
  event: object,
  context: ReturnType<typeof createContext>,
  res: ServerResponse,
): Promise<Response> {
  const { stream } = startStreaming(target.fn, event, context);
  res.once('close', () => {
    if (!res.writableFinished) stream.destroy();
  });
  const chunks = limited(stream.chunks(), target.streamLimit, () => stream.destroy());
  try {
    const first = await chunks.next();
    const replay = (async function* () {
      if (!first.done) yield first.value;
      yield* chunks;
    })();
    return await responseFromStream(stream.contentType, replay);
  } catch {
    // Failed before the status went out: the client gets the front door's error.
    stream.destroy();
    return target.frontDoor.functionError();
  }
}

/** Passes chunks through until `limit` bytes, then cuts the stream as Lambda does. */
async function* limited(chunks: AsyncGenerator<Uint8Array>, limit: number, cut: () => void) {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) {
      cut();
      throw new Error(`Response payload size exceeded maximum allowed payload size (${limit} bytes).`);
    }
    yield chunk;
  }
}

function tooLarge(): Response {
  return new Response(JSON.stringify({ message: 'Request Entity Too Large' }), {
    status: 413,
    headers: { 'content-type': 'application/json' },
  });
}
