import { connect, constants } from 'node:http2';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RawAnswer, rawExchange, rawRequest } from './rawHttp.js';
import type { RunningTarget, WireRequest } from './target.js';

/** How long to wait for an answer at all, and after how long one that neither ends nor fails is stalled. */
export interface FramingTimes {
  timeoutMs: number;
  stalledAfterMs?: number;
  /** The certificate to trust for an `https:` url. */
  ca?: string;
}

/**
 * Sends one request to a running target and reads its answer as a client that sees how the body
 * ended: over a raw HTTP/1.1 socket (TCP or TLS), as one HTTP/2 stream, or, for a target reached
 * in-process, by reading the Response it returns. `complete` is true only for a body that ended as
 * a whole one does; `closed: false` for one that neither ended nor failed within `stalledAfterMs`.
 */
export function framedExchange(
  running: RunningTarget,
  wire: WireRequest,
  times: FramingTimes,
): Promise<RawAnswer> {
  if (running.fetch) return responseExchange(running.fetch(wire), times);
  if (!running.url) throw new Error('a target with neither url nor fetch cannot be reached');
  if (running.http2) return http2Exchange(running.url, wire, times);
  const request = rawRequest(wire, new URL(running.url).host);
  return rawExchange(running.url, request, times.timeoutMs, times.stalledAfterMs, times.ca);
}

/** Reads a Response's body to its end: done is complete, a failure is a cut (closed), neither is stalled. */
async function responseExchange(pending: Promise<Response>, times: FramingTimes): Promise<RawAnswer> {
  const response = await withTimeout(pending, times.timeoutMs, 'no Response in time');
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const chunks: Uint8Array[] = [];
  const answer = (complete: boolean, closed: boolean): RawAnswer => ({
    status: response.status,
    headers,
    body: Buffer.concat(chunks),
    complete,
    closed,
  });
  if (!response.body) return answer(true, true);
  const reader = response.body.getReader();
  const deadline = Date.now() + (times.stalledAfterMs ?? times.timeoutMs);
  for (;;) {
    const read = await Promise.race([
      reader.read(),
      sleep(Math.max(0, deadline - Date.now()), undefined, { ref: false }),
    ]).catch(() => 'failed' as const);
    if (read === 'failed') return answer(false, true);
    if (read === undefined) {
      if (times.stalledAfterMs === undefined) throw new Error('the body neither ended nor failed in time');
      reader.cancel().catch(() => {});
      return answer(false, false);
    }
    if (read.done) return answer(true, true);
    chunks.push(read.value);
  }
}

/**
 * One HTTP/2 stream on a fresh session, read with node:http2. A stream that ends is complete; one
 * reset with an error code (RST_STREAM) or ended by a session error is cut.
 */
function http2Exchange(origin: string, wire: WireRequest, times: FramingTimes): Promise<RawAnswer> {
  const session = connect(origin, { ca: times.ca });
  session.on('error', () => {
    // A session torn down after (part of) an answer is what the test looks at; the stream reports it.
  });
  return new Promise<RawAnswer>((resolve, reject) => {
    const headers: Record<string, string | number> = {
      ...wire.headers,
      [constants.HTTP2_HEADER_METHOD]: wire.method,
      [constants.HTTP2_HEADER_PATH]: wire.path,
    };
    const body = wire.body ?? new Uint8Array(0);
    if (!wire.chunked) headers['content-length'] = body.byteLength;
    const stream = session.request(headers, { endStream: body.byteLength === 0 });
    let status = 0;
    const answer: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let ended = false;
    let settled = false;
    const finish = (closed: boolean, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stalled);
      if (status === 0) reject(error ?? new Error(`no answer from ${origin}`));
      else resolve({ status, headers: answer, body: Buffer.concat(chunks), complete: ended, closed });
      stream.close(constants.NGHTTP2_CANCEL);
    };
    const timer = setTimeout(
      () => finish(true, new Error(`timed out: ${wire.method} ${wire.path}`)),
      times.timeoutMs,
    );
    const stalled =
      times.stalledAfterMs === undefined ? undefined : setTimeout(() => finish(false), times.stalledAfterMs);
    stream.once('response', (received) => {
      for (const [name, value] of Object.entries(received)) {
        if (name === ':status') status = Number(value);
        else if (value !== undefined && !name.startsWith(':'))
          answer[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      // On END_STREAM, and on a reset with NO_ERROR too (RFC 9113 section 8.1 lets a server stop
      // an upload that way after a whole response): node:http2 reads both as whole, so a failed
      // body must be reset with an error code.
      ended = true;
    });
    stream.on('error', () => {
      // A reset stream: `close` follows, with its code.
    });
    stream.once('close', () => finish(true));
    if (wire.chunked) {
      // Several DATA frames, as a body that arrives in pieces; a server that answered early may refuse them.
      for (let offset = 0; offset < body.byteLength; offset += 16_384)
        stream.write(body.subarray(offset, offset + 16_384));
      stream.end();
    } else if (body.byteLength > 0) {
      stream.end(body);
    }
  }).finally(() => session.destroy());
}

/** The promise, or a rejection naming `what` after `ms`. */
function withTimeout<T>(pending: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}
