import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { WireRequest } from './target.js';

/** An HTTP/1.1 answer read off a raw socket, with whether its framing said it was complete. */
export interface RawAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body, de-chunked, as far as it came. */
  body: Buffer;
  /**
   * Whether the message ended as its framing says a complete one does: all `Content-Length`
   * bytes, or the last (zero) chunk and its empty line. A cut connection leaves it `false`.
   */
  complete: boolean;
  /**
   * `false` when the answer was taken as it stood after `stalledAfterMs` (see {@link rawExchange}):
   * the server neither finished it nor closed the connection.
   */
  closed?: boolean;
}

/** A request as raw bytes: the head (request line and headers, no final empty line), then the body. */
export interface RawRequest {
  head: string;
  body?: Uint8Array;
  /** Send the body with `Transfer-Encoding: chunked`, in 16 KiB chunks, instead of `Content-Length`. */
  chunked?: boolean;
}

/** A WireRequest as raw bytes to `host`, on a connection the client closes after the answer. */
export function rawRequest(wire: WireRequest, host: string): RawRequest {
  const fields = Object.entries(wire.headers).map(([name, value]) => `\r\n${name}: ${value}`);
  return {
    head: `${wire.method} ${wire.path} HTTP/1.1\r\nhost: ${host}${fields.join('')}\r\nconnection: close`,
    body: wire.body,
    chunked: wire.chunked,
  };
}

/**
 * Sends one request on a fresh connection and reads the answer as a framing-aware client does,
 * without node:http or fetch, which hide how a body ended. Resolves once the answer is complete or
 * the connection ends; a write the server refused (it answered early) is not an error. With
 * `stalledAfterMs`, an answer whose head came but that neither ends nor closes by then resolves as
 * it stands, `closed: false`, instead of failing at `timeoutMs`. An `https:` origin is reached
 * over TLS (HTTP/1.1 by ALPN), trusting `ca`.
 */
export function rawExchange(
  origin: string,
  request: RawRequest,
  timeoutMs = 30_000,
  stalledAfterMs?: number,
  ca?: string,
): Promise<RawAnswer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const address = { host: url.hostname, port: Number(url.port) };
    const socket =
      url.protocol === 'https:'
        ? connectTls({ ...address, ca, ALPNProtocols: ['http/1.1'] })
        : connect(address);
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (answer: RawAnswer | undefined, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stalled);
      socket.destroy();
      if (answer) resolve(answer);
      else reject(error ?? new Error(`no answer from ${origin}`));
    };
    const timer = setTimeout(
      () => finish(undefined, new Error(`timed out: ${request.head.split('\r\n')[0]}`)),
      timeoutMs,
    );
    const stalled =
      stalledAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            const answer = parseAnswer(received);
            if (answer) finish({ ...answer, closed: false });
          }, stalledAfterMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received);
      if (answer?.complete) finish(answer);
    });
    const ended = () => finish(parseAnswer(received) ?? undefined);
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', () => {
      // A reset after (part of) an answer is what the test looks at; `close` follows.
    });
    socket.write(`${request.head}\r\n${requestFraming(request)}\r\n`);
    const body = request.body ?? new Uint8Array(0);
    if (request.chunked) {
      for (let offset = 0; offset < body.byteLength; offset += 16_384) {
        const piece = body.subarray(offset, offset + 16_384);
        socket.write(`${piece.byteLength.toString(16)}\r\n`);
        socket.write(piece);
        socket.write('\r\n');
      }
      socket.write('0\r\n\r\n');
    } else if (body.byteLength > 0) {
      socket.write(body);
    }
  });
}

function requestFraming(request: RawRequest): string {
  if (request.chunked) return 'transfer-encoding: chunked\r\n';
  return `content-length: ${request.body?.byteLength ?? 0}\r\n`;
}

/** Parses what has arrived so far; `undefined` until the head is whole. */
export function parseAnswer(bytes: Buffer): RawAnswer | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = bytes.subarray(headEnd + 4);
  if (status < 200 || status === 204 || status === 304)
    return { status, headers, body: Buffer.alloc(0), complete: true };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return dechunk(status, headers, rest);
  const length = headers['content-length'];
  if (length !== undefined) {
    const size = Number(length);
    return { status, headers, body: rest.subarray(0, size), complete: rest.byteLength >= size };
  }
  // Delimited by the close: never known complete while the connection is open.
  return { status, headers, body: rest, complete: false };
}

function dechunk(status: number, headers: Record<string, string>, bytes: Buffer): RawAnswer {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) break;
    if (size === 0) {
      // The last chunk, (no trailers,) then the empty line that ends the message.
      const complete = bytes.subarray(lineEnd + 2, lineEnd + 4).toString('latin1') === '\r\n';
      return { status, headers, body: Buffer.concat(pieces), complete };
    }
    if (bytes.byteLength < lineEnd + 2 + size + 2) break;
    pieces.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return { status, headers, body: Buffer.concat(pieces), complete: false };
}
