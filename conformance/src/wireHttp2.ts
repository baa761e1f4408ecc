import { connect, constants } from 'node:http2';
import type { WireRequest, WireResponse } from './target.js';

/**
 * Sends a WireRequest as one HTTP/2 stream on a fresh session (h2c, or TLS with `ca`), adding
 * nothing but the pseudo-headers (and `content-length` when the body is not sent in pieces).
 */
export function sendOverHttp2(
  origin: string,
  wire: WireRequest,
  options: { ca?: string } = {},
): Promise<WireResponse> {
  const session = connect(origin, { ca: options.ca });
  return new Promise<WireResponse>((resolve, reject) => {
    session.once('error', reject);
    // HTTP/2 forbids whitespace around a field value (RFC 9113 section 8.2.1): a client trims it,
    // as fetch does (and as the reference's Request does), or the server takes the field as malformed.
    const trimmed = Object.entries(wire.headers).map(([name, value]) => [name, value.trim()]);
    const headers: Record<string, string | number> = {
      ...Object.fromEntries(trimmed),
      [constants.HTTP2_HEADER_METHOD]: wire.method,
      [constants.HTTP2_HEADER_PATH]: wire.path,
    };
    const body = wire.body && wire.body.byteLength > 0 ? wire.body : undefined;
    if (body && !wire.chunked && !('content-length' in wire.headers))
      headers['content-length'] = body.byteLength;
    // Node would close the stream at once for GET, HEAD and DELETE: the case decides instead.
    const stream = session.request(headers, { endStream: !body });
    stream.setTimeout(30_000, () => stream.close(constants.NGHTTP2_CANCEL));
    let status = 0;
    const answer: Record<string, string> = {};
    stream.once('response', (received) => {
      for (const [name, value] of Object.entries(received)) {
        if (name === ':status') status = Number(value);
        else if (value !== undefined && !name.startsWith(':'))
          answer[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
    });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () =>
      resolve({ status, headers: answer, body: new Uint8Array(Buffer.concat(chunks)) }),
    );
    stream.once('error', reject);
    if (body && wire.chunked) {
      // Several DATA frames, so the server sees a body that arrives in pieces.
      const size = Math.max(1, Math.ceil(body.byteLength / 4));
      for (let offset = 0; offset < body.byteLength; offset += size)
        stream.write(body.subarray(offset, offset + size));
      stream.end();
    } else {
      if (body) stream.end(body);
    }
  }).finally(() => session.close());
}
