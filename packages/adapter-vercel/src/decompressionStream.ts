import type { Gunzip } from 'fflate';

/**
 * Gives the runtime a gzip `DecompressionStream` if it has none, so that a handler reading a
 * `Content-Encoding: gzip` body works there too. Vercel's Edge runtime as `edge-runtime` 4.0.1 runs
 * it has no Compression Streams (vercel/edge-runtime#750). fflate is imported only here, only on a
 * runtime without one, and only once a compressed body arrives: runtimes that have the standard
 * stream never load it.
 */
export async function provideDecompressionStream(): Promise<void> {
  if (typeof globalThis.DecompressionStream === 'function') return;
  const { Gunzip } = await import('fflate');
  class GunzipStream extends TransformStream<Uint8Array, Uint8Array> {
    constructor(format: CompressionFormat) {
      // The formats this stand-in takes: gzip alone (what csvfn reads); others fail as the standard says.
      if (format !== 'gzip') throw new TypeError(`Unsupported compression format: '${format}'`);
      let gunzip: Gunzip;
      super({
        start(controller) {
          gunzip = new Gunzip((data) => controller.enqueue(data));
        },
        // fflate throws on bad data or a cut-off stream: the stream errors, as the standard one does.
        transform(chunk) {
          gunzip.push(chunk);
        },
        flush() {
          gunzip.push(new Uint8Array(0), true);
        },
      });
    }
  }
  globalThis.DecompressionStream = GunzipStream as unknown as typeof DecompressionStream;
}
