import type { IncomingMessage } from 'node:http';
import { concatBytes } from '@csvfn/platform/internal';

/** Body bytes held for the handler before the socket is paused: backpressure, not buffering. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

/** What a framework or runtime may have left on the request after reading the body itself. */
type IncomingWithBody = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** The body to give the `Request`, and whether it was re-serialised from a parsed value. */
export interface ResolvedBody {
  body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null;
  /** True when the bytes are not the client's own (a parsed `req.body`): the headers must follow. */
  reserialized: boolean;
}

/** Detaches a live body stream from its request once the response is out (see `releaseRequestBody`). */
const releasers = new WeakMap<IncomingMessage, () => void>();

/**
 * Picks the body source, most faithful first: the raw socket stream if nobody read it, raw
 * bytes a runtime kept (`req.rawBody`, or Vercel's helpers replaying what they consumed
 * through an own `req.read`), then a body a framework parsed (`req.body`). A consumed stream
 * is never listened to, so nothing can hang waiting for an `end` that already happened.
 */
export function resolveRequestBody(req: IncomingMessage): ResolvedBody {
  if (req.method === 'GET' || req.method === 'HEAD') return { body: null, reserialized: false };
  const incoming = req as IncomingWithBody;
  if (isRaw(incoming.rawBody)) return { body: toBytes(incoming.rawBody), reserialized: false };
  if (isUnread(req)) {
    return { body: streamIncoming(req), reserialized: false };
  }
  if (Object.hasOwn(req, 'read')) {
    // Vercel's helpers wrote the whole body into a replay stream behind `req.read` before our
    // code ran, so one synchronous read returns all of it; null means an empty body. The lazy
    // `req.body` getter is left alone: it parses (and may throw) and loses the exact bytes.
    const replayed: unknown = req.read();
    return { body: isRaw(replayed) ? toBytes(replayed) : new Uint8Array(0), reserialized: false };
  }
  if ('body' in incoming) return parsedBody(incoming);
  // Read by someone who kept nothing: the request has no body left to give.
  return { body: new Uint8Array(0), reserialized: false };
}

/** Whether the body is still on the socket, unread by anyone: the usual case. */
export function isUnread(req: IncomingMessage): boolean {
  return !req.readableDidRead && !req.readableEnded && !req.destroyed;
}

/**
 * The unread body's bytes, read from the socket without a web stream, until its end or until more
 * than `maxBytes` arrived (then the socket is paused, and the rest discarded once the response is
 * out). Fails as the body stream would: the client leaving mid-body, or the response going out
 * before the body was read.
 */
export function readIncoming(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const done = () => {
      detach();
      resolve(concatBytes(chunks, size));
    };
    const detach = listenToBody(req, {
      data(bytes) {
        chunks.push(bytes);
        size += bytes.byteLength;
        if (size > maxBytes) {
          req.pause();
          done();
        }
      },
      end: done,
      fail: reject,
    });
  });
}

/** What {@link listenToBody} calls: each chunk, the end, or the one failure. */
interface BodyListener {
  data(bytes: Uint8Array): void;
  end(): void;
  fail(error: Error): void;
}

/**
 * Listens to the request's body: `data` for each chunk, then `end`, or `fail` on an error, on the
 * client leaving mid-body, or on the response going out before the body was read
 * ({@link releaseRequestBody}). Stops listening before `end` or `fail`; returns that stop, for a
 * reader that stops first.
 */
function listenToBody(req: IncomingMessage, listener: BodyListener): () => void {
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    listener.data(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  const onEnd = () => {
    detach();
    listener.end();
  };
  const onError = (error: Error) => {
    detach();
    listener.fail(error);
  };
  // 'close' before 'end' means the client left mid-body.
  const onClose = () => onError(new Error('The client closed the connection during the request body.'));
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
    releasers.delete(req);
  };
  releasers.set(req, () => onError(new Error('The response was sent before the request body was read.')));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('close', onClose);
  return detach;
}

/**
 * Once the response is written, stops feeding a body the handler no longer reads and discards
 * the rest of the upload, so a keep-alive connection can carry the next request.
 */
export function releaseRequestBody(req: IncomingMessage): void {
  releasers.get(req)?.();
  releasers.delete(req);
  if (!req.complete && !req.destroyed) req.resume();
}

/** Node's request as a byte stream that pauses the socket while the handler is not reading. */
function streamIncoming(req: IncomingMessage): ReadableStream<Uint8Array> {
  let detach = (): void => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        detach = listenToBody(req, {
          data(bytes) {
            controller.enqueue(bytes);
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          },
          end: () => controller.close(),
          fail: (error) => controller.error(error),
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Discard the rest instead of destroying the socket, which would lose the response
        // (say a 413) the handler is about to send.
        detach();
        req.resume();
      },
    },
    { highWaterMark: BODY_HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
}

function parsedBody(incoming: IncomingWithBody): ResolvedBody {
  try {
    const value = incoming.body;
    if (isRaw(value)) return { body: toBytes(value), reserialized: true };
    if (value === undefined || value === null) return { body: new Uint8Array(0), reserialized: true };
    return { body: new TextEncoder().encode(JSON.stringify(value)), reserialized: true };
  } catch (error) {
    // A lazy getter that throws (invalid JSON) or a value JSON cannot hold: the bytes are
    // gone, so the handler gets a body that fails when read and answers as it would for one.
    return {
      body: new ReadableStream({ start: (controller) => controller.error(error) }),
      reserialized: true,
    };
  }
}

function isRaw(value: unknown): value is string | Uint8Array | ArrayBuffer {
  return typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

function toBytes(value: string | Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  // Node's Buffers sit on plain ArrayBuffers; the cast only narrows ArrayBufferLike.
  return new Uint8Array(value.buffer as ArrayBuffer, value.byteOffset, value.byteLength);
}
