import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zlibCompressBody } from '../src/node.js';

describe('zlibCompressBody', () => {
  const text = (rows: number) => `Name,Title\r\n${'Zoë Ångström,Ingénieure\r\n'.repeat(rows)}`;
  const inflate = { gzip: gunzipSync, br: brotliDecompressSync } as const;

  it('compresses a small body (on the event loop) and a large one (on the threadpool), bytes or text', async () => {
    for (const rows of [100, 1000, 8000]) {
      const bytes = new TextEncoder().encode(text(rows));
      for (const coding of ['gzip', 'br'] as const) {
        for (const body of [bytes, text(rows)]) {
          const compressed = await zlibCompressBody(coding, body);
          expect(compressed.byteLength).toBeLessThan(bytes.byteLength * 0.3);
          expect(Buffer.compare(inflate[coding](compressed), bytes)).toBe(0);
        }
      }
    }
  });
});
