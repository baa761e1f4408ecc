import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressWholeWithZlib, zlibCompressBody } from '../src/node.js';

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

describe('compressWholeWithZlib', () => {
  const post = (acceptEncoding: string) =>
    new Request('http://localhost/', { method: 'POST', headers: { 'accept-encoding': acceptEncoding } });
  const whole = (body: string) => ({
    status: 200,
    statusText: '',
    headers: new Headers({
      'content-type': 'text/csv',
      'content-length': String(body.length),
      vary: 'Origin',
    }),
    body,
  });
  const csv = 'a,b\r\n'.repeat(1000);

  it('compresses with the negotiated coding and says so, with the compressed length', async () => {
    const response = whole(csv);
    const compressed = await compressWholeWithZlib(post('gzip;q=0.5, br'), response);
    expect(compressed?.headers).toBe(response.headers);
    expect(Object.fromEntries(compressed!.headers)).toEqual({
      'content-type': 'text/csv',
      'content-encoding': 'br',
      'content-length': String(compressed!.body.byteLength),
      vary: 'Origin, Accept-Encoding',
    });
    expect(brotliDecompressSync(compressed!.body).toString()).toBe(csv);
  });

  it('leaves alone a tiny body, and an identity choice but for its Vary', () => {
    const tiny = whole('a,b\r\n');
    expect(compressWholeWithZlib(post('gzip'), tiny)).toBeUndefined();
    expect(tiny.headers.get('vary')).toBe('Origin');
    const identity = whole(csv);
    expect(compressWholeWithZlib(post('gzip;q=0'), identity)).toBeUndefined();
    expect(Object.fromEntries(identity.headers)).toEqual({
      'content-type': 'text/csv',
      'content-length': '5000',
      vary: 'Origin, Accept-Encoding',
    });
  });
});
