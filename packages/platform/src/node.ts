/// <reference types="node" />
// Node-only, unlike the rest of this package (whose tsconfig has no Node types, to keep it Web-standard).
/**
 * @module
 * `@csvfn/platform/node`: what the adapters that run on Node (Node, GCF, Lambda) share beyond the
 * Web-standard contract: Node's zlib as the compressor of {@link compressResponse}.
 */
import { createRequire } from 'node:module';
import { Duplex } from 'node:stream';
import { type ContentCoding, compressResponse } from './compression.js';

/** What Node offers, in order of preference on a tie: gzip first (every client has it), then br. */
export const NODE_CODINGS: readonly ContentCoding[] = ['gzip', 'br'];

type Zlib = typeof import('node:zlib');
let zlib: Zlib | undefined;

/**
 * `node:zlib`, loaded by the first response that is compressed: loading it was about 5 ms of a cold
 * start whose first request, like most, asks for no compression. `process.getBuiltinModule` is
 * Node 20.16+/22.3+; before it, `require` (a built-in resolves the same from any directory).
 */
function loadZlib(): Zlib {
  zlib ??=
    typeof process.getBuiltinModule === 'function'
      ? process.getBuiltinModule('node:zlib')
      : (createRequire(`${process.cwd()}/`)('node:zlib') as Zlib);
  return zlib;
}

/**
 * Node's zlib as a Web transform, at its fastest settings: CSV still shrinks about 4×, and a
 * higher level costs more CPU than the smaller response saves. Each chunk the handler writes is
 * flushed at once, so a streamed response stays streamed.
 */
export function zlibCompressor(coding: ContentCoding): ReadableWritablePair<Uint8Array, Uint8Array> {
  const { constants, createBrotliCompress, createGzip } = loadZlib();
  const stream =
    coding === 'br'
      ? createBrotliCompress({
          flush: constants.BROTLI_OPERATION_FLUSH,
          params: { [constants.BROTLI_PARAM_QUALITY]: 1 },
        })
      : createGzip({ level: 1, flush: constants.Z_SYNC_FLUSH });
  return Duplex.toWeb(stream) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
}

/** The handler's response, gzip- or br-compressed by Node's zlib when the request accepts it and it pays. */
export function compressWithZlib(request: Request, response: Response): Response {
  return compressResponse(request, response, NODE_CODINGS, zlibCompressor);
}
