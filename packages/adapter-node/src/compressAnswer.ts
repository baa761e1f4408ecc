import {
  MIN_COMPRESSED_BYTES,
  responseCoding,
  setCompressedHeaders,
  varyOnAcceptEncoding,
} from '@csvfn/platform/internal';
import { compressWithZlib, NODE_CODINGS, zlibCompressBody } from '@csvfn/platform/node';
import { LeanResponse, leanLength, leanParts } from './leanResponse.js';

/**
 * The handler's response compressed as the request asks, by the platform's rules
 * (`responseCoding`: which types, the minimum size, `Accept-Encoding`'s q-values, gzip before br on
 * a tie, `Vary`). A lean answer, held whole as bytes, is compressed in one zlib call and stays
 * lean, with the compressed `Content-Length`: no undici, no Web streams, one write. A lean answer
 * too small to gain is left alone, as one with a `Content-Length` is. Any other response (a
 * stream: NDJSON, a body past the hold) goes through the platform's streaming compressor.
 */
export function compressAnswer(request: Request, response: Response): Response | Promise<Response> {
  const parts = leanParts(response);
  if (!parts) return compressWithZlib(request, response);
  if (leanLength(response)! < MIN_COMPRESSED_BYTES) return response;
  const coding = responseCoding(request, parts, NODE_CODINGS);
  if (!coding) return response;
  const { body, status, statusText, headers } = parts;
  return zlibCompressBody(coding, body!).then(
    (compressed) => {
      // The lean answer is given up for this one: its headers are changed in place (a lean
      // Headers, where a new Headers would load undici).
      setCompressedHeaders(headers, coding, compressed.byteLength);
      return new LeanResponse(compressed, { status, statusText, headers }) as unknown as Response;
    },
    () => {
      // zlib failed on bytes in memory (out of memory): the answer as it is still serves the client.
      varyOnAcceptEncoding(headers);
      return response;
    },
  );
}
