import { compressWholeWithZlib, compressWithZlib } from '@csvfn/platform/node';
import { LeanResponse, leanParts } from './leanResponse.js';

/**
 * The handler's response compressed as the request asks, by the platform's rules (which types,
 * the minimum size, `Accept-Encoding`'s q-values, gzip before br on a tie, `Vary`). A lean answer,
 * held whole, is compressed in one zlib call and stays lean, with its compressed
 * `Content-Length`: no undici, no Web streams, one write. Any other response (a stream: NDJSON, a
 * body past the hold) goes through the platform's streaming compressor.
 */
export function compressAnswer(request: Request, response: Response): Response | Promise<Response> {
  const whole = leanParts(response);
  if (!whole) return compressWithZlib(request, response);
  return (
    compressWholeWithZlib(request, whole)?.then(
      ({ body, status, statusText, headers }) =>
        new LeanResponse(body, { status, statusText, headers }) as unknown as Response,
      // zlib failed on bytes in memory (out of memory): the answer as it is still serves the client.
      () => response,
    ) ?? response
  );
}
