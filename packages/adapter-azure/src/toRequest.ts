import type { HttpRequest } from '@azure/functions';

/**
 * The host's `HttpRequest` as a Web `Request`. Its body is already a `ReadableStream` (the bytes
 * the host sent, or, with `app.setup({ enableHttpStream: true })`, the upload as it arrives), so
 * it is passed on, never buffered here.
 *
 * @throws TypeError for methods the Fetch API refuses (`CONNECT`, `TRACE`).
 */
export function toRequest(request: HttpRequest): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return new Request(request.url, {
    method: request.method,
    // The library's Headers may be another realm's class: copied as pairs, it always fits.
    headers: [...request.headers],
    body: hasBody ? (request.body as ReadableStream<Uint8Array>) : null,
    duplex: 'half',
  } as RequestInit);
}
