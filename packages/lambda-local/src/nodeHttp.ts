import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeResponse } from '@csvfn/adapter-node';
import type { HttpRequestData } from './frontDoors/frontDoor.js';

/**
 * Reads a whole request body, at most `limit` bytes. Past the limit it stops keeping bytes but
 * goes on draining the upload, so the 413 that follows reaches the client instead of a reset
 * connection (trpc#4886). Returns `undefined` when the body was too large.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers['content-length']);
  let size = 0;
  let tooLarge = Number.isFinite(declared) && declared > limit;
  const parts: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) tooLarge = true;
    if (!tooLarge) parts.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(parts);
}

/** The request as a front door sees it; header bytes read as UTF-8, as AWS decodes them. */
export function requestData(request: IncomingMessage, body: Uint8Array, requestId: string): HttpRequestData {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const value = request.rawHeaders[i + 1]!;
    // Node reads header bytes as latin1; AWS reads them as UTF-8.
    headers.push([
      request.rawHeaders[i]!,
      /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'latin1').toString() : value,
    ]);
  }
  return {
    method: request.method ?? 'GET',
    target: request.url ?? '/',
    headers,
    body,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    requestId,
    time: new Date(),
  };
}

/**
 * Writes a Response through adapter-node's `writeResponse` (backpressure, `Set-Cookie` lines,
 * cancel on disconnect), with the front door's own headers (`x-amzn-requestid`) added.
 */
export function sendResponse(
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  return writeResponse(response, res);
}

/** Writes a Response whose body is complete, with `Content-Length`, as AWS front doors send it. */
export async function sendBuffered(
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  if (response.body) headers.set('content-length', String(bytes.byteLength));
  const buffered = new Response(response.body ? bytes : null, { status: response.status, headers });
  await sendResponse(res, buffered, extraHeaders);
}

/** A plain answer with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': bytes.byteLength,
    ...headers,
  });
  res.end(bytes);
}
