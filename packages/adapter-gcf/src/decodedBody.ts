import type { GcfRequest } from './types.js';

/**
 * body-parser has already undone `Content-Encoding` into `req.rawBody`, but the request still
 * says `gzip` with the compressed length. Left so, the handler would inflate the bytes twice and
 * count the wrong length: the headers are made to describe the bytes the handler will read.
 */
export function describeDecodedBody(req: GcfRequest): void {
  if (!req.rawBody || req.headers['content-encoding'] === undefined) return;
  const rawHeaders: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding') continue;
    rawHeaders.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  rawHeaders.push('Content-Length', String(req.rawBody.byteLength));
  req.rawHeaders = rawHeaders;
}
