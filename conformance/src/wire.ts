import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WireRequest, WireResponse } from './target.js';

/**
 * Sends a WireRequest over a real TCP connection with node:http (node:https for an `https:` origin,
 * trusting `ca`), adding nothing but `Host` (and `Content-Length` when the body is not chunked).
 * fetch() is not used: it adds and normalises headers.
 */
export function sendOverHttp(
  origin: string,
  wire: WireRequest,
  options: { allowChunked?: boolean; ca?: string } = {},
): Promise<WireResponse> {
  const url = new URL(wire.path, origin);
  const chunked = wire.chunked === true && options.allowChunked !== false;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ca: options.ca,
        method: wire.method,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { ...wire.headers },
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timed out: ${wire.method} ${wire.path}`)));
    const body = wire.body;
    if (body && body.byteLength > 0) {
      if (chunked) {
        // Several small chunks, so the server sees a body that arrives in pieces.
        const size = Math.max(1, Math.ceil(body.byteLength / 4));
        for (let offset = 0; offset < body.byteLength; offset += size)
          req.write(body.subarray(offset, offset + size));
      } else {
        if (!('content-length' in wire.headers)) req.setHeader('content-length', body.byteLength);
        req.write(body);
      }
    } else if (wire.method !== 'GET' && wire.method !== 'HEAD' && !('content-length' in wire.headers)) {
      req.setHeader('content-length', 0);
    }
    req.end();
  });
}

/** Builds the Web Request a WireRequest describes, for targets reached in-process. */
export function toWebRequest(origin: string, wire: WireRequest): Request {
  const body = wire.body && wire.body.byteLength > 0 ? wire.body : undefined;
  const init: RequestInit & { duplex?: 'half' } = { method: wire.method, headers: wire.headers };
  if (body && wire.method !== 'GET' && wire.method !== 'HEAD') {
    if (wire.chunked) {
      const size = Math.max(1, Math.ceil(body.byteLength / 4));
      init.body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < body.byteLength; offset += size)
            controller.enqueue(body.slice(offset, offset + size));
          controller.close();
        },
      });
      init.duplex = 'half';
    } else {
      init.body = body as Uint8Array<ArrayBuffer>;
    }
  }
  return new Request(new URL(wire.path, origin), init);
}

/** Captures a Web Response as a WireResponse. */
export async function fromWebResponse(response: Response): Promise<WireResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}
