/// <reference types="node" />
// Node-only, unlike the rest of this package (whose tsconfig has no Node types, to keep it Web-standard).
/**
 * @module
 * `@csvfn/platform/node`: what the adapters that run on Node (Node, GCF, Lambda) share beyond the
 * Web-standard contract: Node's zlib as the compressor of {@link compressResponse}, and of a
 * response held whole.
 */
import * as nodeModule from 'node:module';
import { Duplex } from 'node:stream';
import {
  type ContentCoding,
  compressResponse,
  MIN_COMPRESSED_BYTES,
  responseCoding,
  setCompressedHeaders,
  varyOnAcceptEncoding,
} from './compression.js';

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
      : (nodeModule.createRequire(`${process.cwd()}/`)('node:zlib') as Zlib);
  return zlib;
}

/**
 * zlib's fastest settings: CSV still shrinks about 4×, and a higher level costs more CPU than the
 * smaller response saves. One set for the stream and the whole body, so both send the same bytes.
 */
const GZIP_LEVEL = 1;
const brotliParams = ({ constants }: Zlib) => ({ [constants.BROTLI_PARAM_QUALITY]: 1 });

/**
 * Node's zlib as a Web transform, at its fastest settings. Each chunk the handler writes is
 * flushed at once, so a streamed response stays streamed.
 */
export function zlibCompressor(coding: ContentCoding): ReadableWritablePair<Uint8Array, Uint8Array> {
  const zlib = loadZlib();
  const { constants, createBrotliCompress, createGzip } = zlib;
  const stream =
    coding === 'br'
      ? createBrotliCompress({ flush: constants.BROTLI_OPERATION_FLUSH, params: brotliParams(zlib) })
      : createGzip({ level: GZIP_LEVEL, flush: constants.Z_SYNC_FLUSH });
  return Duplex.toWeb(stream) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
}

/**
 * Below this many bytes a body is compressed on the event loop: zlib takes under about 0.3 ms for
 * it at level 1, what a round trip through the threadpool costs by itself (measured on a 45 KB
 * CSV: 0.8 against 1.2 CPU ms per gzip request over HTTP).
 */
const ON_LOOP_BELOW = 64 * 1024;

/**
 * A whole body compressed with `coding` in one zlib call, at the settings of
 * {@link zlibCompressor}: for an adapter that holds the answer whole, this skips the Web streams,
 * the per-chunk flushes and the chunked write. A large body is compressed on libuv's threadpool, so
 * it does not hold the event loop while it shrinks; a small one at once.
 */
export function zlibCompressBody(
  coding: ContentCoding,
  body: string | Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const zlib = loadZlib();
  return new Promise((resolve, reject) => {
    // zlib's result is a new Buffer over its own ArrayBuffer, never a shared one.
    const done = (error: Error | null, compressed: Buffer) =>
      error ? reject(error) : resolve(compressed as Uint8Array<ArrayBuffer>);
    if (byteLength(body) < ON_LOOP_BELOW)
      resolve(
        (coding === 'br'
          ? zlib.brotliCompressSync(body, { params: brotliParams(zlib) })
          : zlib.gzipSync(body, { level: GZIP_LEVEL })) as Uint8Array<ArrayBuffer>,
      );
    else if (coding === 'br') zlib.brotliCompress(body, { params: brotliParams(zlib) }, done);
    else zlib.gzip(body, { level: GZIP_LEVEL }, done);
  });
}

/** The handler's response, gzip- or br-compressed by Node's zlib when the request accepts it and it pays. */
export function compressWithZlib(request: Request, response: Response): Response {
  return compressResponse(request, response, NODE_CODINGS, zlibCompressor);
}

/** A response an adapter holds whole (Node's lean answers): status, headers and the body itself. */
export interface WholeResponse {
  /** The status code. */
  status: number;
  /** The reason phrase (none on HTTP/2). */
  statusText: string;
  /** The headers, changed in place when the body is compressed. */
  headers: Headers;
  /** The whole body: a string (sent as UTF-8), bytes, or none. */
  body: string | Uint8Array | null;
}

/**
 * {@link compressWithZlib} for a response held whole: the same choice of coding (and `Vary`), a
 * body under 1 KiB left alone (as one with a small `Content-Length` is), and the body compressed in
 * one call by {@link zlibCompressBody}. `undefined` when the response goes as it is; else the
 * compressed response, its headers (changed in place) with `Content-Encoding`, `Vary` and the
 * compressed `Content-Length`. Rejects only if zlib fails, once `Vary` is on the headers, so the
 * response can still go uncompressed.
 */
export function compressWholeWithZlib(
  request: Request,
  response: WholeResponse,
): Promise<WholeResponse & { body: Uint8Array<ArrayBuffer> }> | undefined {
  const { body, headers } = response;
  if (body === null || byteLength(body) < MIN_COMPRESSED_BYTES) return undefined;
  const coding = responseCoding(request, response, NODE_CODINGS);
  if (!coding) return undefined;
  return zlibCompressBody(coding, body).then(
    (compressed) => {
      setCompressedHeaders(headers, coding, compressed.byteLength);
      return { ...response, body: compressed };
    },
    (error: unknown) => {
      varyOnAcceptEncoding(headers);
      throw error;
    },
  );
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
