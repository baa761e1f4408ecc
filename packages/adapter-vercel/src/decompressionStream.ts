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
      // fflate's streaming gunzip does not check a member's trailer: its CRC-32 and size are
      // checked here, over the last member's output, so a cut or corrupt body fails as elsewhere.
      const member = { crc: 0, size: 0 };
      let tail: Uint8Array = new Uint8Array(0);
      super({
        start(controller) {
          gunzip = new Gunzip((data) => {
            member.crc = crc32(member.crc, data);
            member.size = (member.size + data.byteLength) >>> 0;
            controller.enqueue(data);
          });
          gunzip.onmember = () => {
            member.crc = 0;
            member.size = 0;
          };
        },
        // fflate throws on bad data or a cut-off stream: the stream errors, as the standard one does.
        transform(chunk) {
          gunzip.push(chunk);
          tail = lastBytes(tail, chunk, 8);
        },
        flush() {
          gunzip.push(new Uint8Array(0), true);
          const trailer = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
          if (
            tail.byteLength < 8 ||
            trailer.getUint32(0, true) !== member.crc ||
            trailer.getUint32(4, true) !== member.size
          )
            throw new TypeError('The gzip trailer does not match the data (cut off or corrupt).');
        },
      });
    }
  }
  globalThis.DecompressionStream = GunzipStream as unknown as typeof DecompressionStream;
}

/** The last `count` bytes of `before` followed by `chunk`. */
function lastBytes(before: Uint8Array, chunk: Uint8Array, count: number): Uint8Array {
  if (chunk.byteLength >= count) return chunk.slice(chunk.byteLength - count);
  const joined = new Uint8Array(Math.min(count, before.byteLength + chunk.byteLength));
  const kept = joined.byteLength - chunk.byteLength;
  joined.set(before.subarray(before.byteLength - kept), 0);
  joined.set(chunk, kept);
  return joined;
}

/** CRC-32 (ISO 3309, the gzip trailer's), table-driven; fflate keeps its own private. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < bytes.byteLength; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
