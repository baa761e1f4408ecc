import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { provideDecompressionStream } from '../src/decompressionStream.js';

// Vercel's Edge runtime (edge-runtime 4.0.1) has no DecompressionStream; there, the stand-in is
// fflate's. Here Node's is taken away to stand in for that runtime; examples/vercel-edge and the
// conformance suite run it in edge-runtime itself.
afterEach(() => vi.unstubAllGlobals());

const inflate = async (bytes: Uint8Array) =>
  new Uint8Array(
    await new Response(
      new Blob([bytes as Uint8Array<ArrayBuffer>])
        .stream()
        .pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>),
    ).arrayBuffer(),
  );

describe('provideDecompressionStream', () => {
  it("leaves a runtime's own DecompressionStream alone", async () => {
    const own = globalThis.DecompressionStream;
    await provideDecompressionStream();
    expect(globalThis.DecompressionStream).toBe(own);
  });

  it('gives a runtime without one a gzip DecompressionStream (fflate)', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    await provideDecompressionStream();
    expect(typeof globalThis.DecompressionStream).toBe('function');
    const text = 'Name,Age\r\n'.repeat(10_000);
    expect(new TextDecoder().decode(await inflate(gzipSync(text)))).toBe(text);
  });

  it('fails the stream on bytes that are not gzip, and on a cut-off stream', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    await provideDecompressionStream();
    await expect(inflate(new TextEncoder().encode('not gzip at all'))).rejects.toThrow();
    const whole = gzipSync(crypto.getRandomValues(new Uint8Array(5_000)));
    await expect(inflate(whole.subarray(0, whole.byteLength / 2))).rejects.toThrow();
  });

  it('checks the gzip trailer, which fflate does not: a cut or corrupt one fails, a second member converts', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    await provideDecompressionStream();
    const whole = gzipSync('x'.repeat(5_000));
    for (const cut of [1, 4, 8])
      await expect(inflate(whole.subarray(0, whole.byteLength - cut))).rejects.toThrow();
    const corrupt = whole.slice();
    corrupt[corrupt.byteLength - 6]! ^= 0xff; // a CRC-32 byte
    await expect(inflate(corrupt)).rejects.toThrow();
    const two = new Uint8Array([...gzipSync('[{"a":1}'), ...gzipSync(',{"a":2}]')]);
    expect(new TextDecoder().decode(await inflate(two))).toBe('[{"a":1},{"a":2}]');
  });

  it('refuses formats other than gzip, as the standard does for unknown ones', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    await provideDecompressionStream();
    expect(() => new DecompressionStream('deflate-raw')).toThrow(TypeError);
  });
});
