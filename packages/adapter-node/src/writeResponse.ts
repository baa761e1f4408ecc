import type { ServerResponse } from 'node:http';
import { leanParts } from './leanResponse.js';

/**
 * Writes a Web `Response` to Node's `ServerResponse`: status, headers (each `Set-Cookie` kept as
 * its own header line), then the body chunk by chunk, waiting for `'drain'` whenever Node's
 * buffer is full, so a slow client holds the producer back instead of filling memory. A body
 * whose one chunk and end are both ready at once goes out in a single write with `Content-Length`.
 *
 * If the client disconnects, the body's reader is cancelled, which reaches the handler's stream
 * as `cancel()`, and the promise resolves. If the body stream itself fails, the promise rejects
 * with its error: before anything was sent, nothing is, so the caller can still answer; after the
 * headers went out, the connection is destroyed (an HTTP/2 stream reset), so the client sees a
 * truncated response rather than a complete-looking one.
 */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const lean = leanParts(response);
  if (lean) return writeLean(lean, res);
  setHead(res, response);

  const body = response.body;
  if (!body || !mayHaveBody(res)) {
    await body?.cancel().catch(() => {});
    res.end();
    return;
  }

  return writeBody(body.getReader(), res);
}

/**
 * The body's chunks, as they come. Apart from {@link writeResponse}, so that the loop never holds
 * the stream itself: on Node 20 every ReadableStream has a hidden class of its own, and optimised
 * code that touched one was thrown away (and compiled again) for every streamed response.
 */
async function writeBody(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  res: ServerResponse,
): Promise<void> {
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    let next = reader.read();
    for (;;) {
      const { done, value } = await next;
      if (done || res.destroyed) break;
      next = reader.read();
      // A body that is all there already (one chunk, then its end: a converted CSV) goes out in one
      // write with a Content-Length, instead of a chunked write and a second one for its end.
      // A failure already waiting is met at the loop's next read, after this chunk went out, as before.
      const after = await Promise.race([next, NOT_YET]).catch(() => NOT_YET);
      if (after !== NOT_YET && after.done) {
        if (!res.destroyed) res.end(value);
        return;
      }
      if (!res.write(value)) await drainedOrClosed(res);
    }
    if (!res.destroyed) res.end();
  } catch (error) {
    if (res.headersSent) cut(res);
    throw error;
  } finally {
    res.off('close', onClose);
  }
}

/** RST_STREAM's INTERNAL_ERROR (RFC 9113 section 7), without loading node:http2 for it. */
const NGHTTP2_INTERNAL_ERROR = 2;

/**
 * Ends a response whose body failed after its headers went out, so that no client takes it for
 * whole. HTTP/1: the socket is destroyed before the last chunk. HTTP/2: the stream is reset with
 * an error code; destroying it alone resets it with NO_ERROR, which clients (node:http2 among
 * them) read as the body's end.
 */
function cut(res: ServerResponse): void {
  const stream = h2Stream(res);
  if (stream) stream.close(NGHTTP2_INTERNAL_ERROR);
  else res.destroy();
}

/** An HTTP/2 compatibility response's stream: `closed`, `destroyed` and the reset code are its. */
type H2Stream = { closed: boolean; rstCode?: number; close(code: number): void };

/** The HTTP/2 stream under a compatibility response; `undefined` on HTTP/1. */
function h2Stream(res: ServerResponse): H2Stream | undefined {
  return (res as ServerResponse & { stream?: H2Stream }).stream;
}

/** Whether the response's connection (for HTTP/2, its stream) has closed. */
export function hasClosed(res: ServerResponse): boolean {
  const stream = h2Stream(res);
  return stream ? stream.closed : res.closed;
}

/**
 * Once closed: whether the whole response went out. HTTP/2's compatibility response says it
 * finished even after a reset, so there it is the stream's reset code (NO_ERROR, 0, for an end).
 */
export function wentWhole(res: ServerResponse): boolean {
  const stream = h2Stream(res);
  return res.writableFinished && (!stream || stream.rstCode === 0);
}

/** A lean Response (a string or bytes, whole): status, headers and body in one write. */
function writeLean(lean: NonNullable<ReturnType<typeof leanParts>>, res: ServerResponse): void {
  setHead(res, lean);
  if (lean.body === null || !mayHaveBody(res)) res.end();
  else res.end(lean.body);
}

/** Status and headers, each `Set-Cookie` kept as its own header line. */
function setHead(
  res: ServerResponse,
  { status, statusText, headers }: { status: number; statusText: string; headers: Headers },
): void {
  res.statusCode = status;
  // HTTP/2 has no reason phrase (Node warns when one is set).
  if (statusText && res.req?.httpVersionMajor !== 2) res.statusMessage = statusText;
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
}

/** Settled already: what a race against a read that is not ready yet gets. */
const NOT_YET = 'not yet' as const;

/** HEAD answers and 1xx/204/304 statuses carry no body, whatever the Response holds. */
function mayHaveBody(res: ServerResponse): boolean {
  const status = res.statusCode;
  return res.req?.method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
