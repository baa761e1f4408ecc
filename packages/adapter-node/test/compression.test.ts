import { request } from 'node:http';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeServer } from '../src/index.js';
import { listen, send, shutdown } from './harness.js';

let server: NodeServer | undefined;
afterEach(() => shutdown(server));

const CSV = `Name,Title\r\n${'Ada Lovelace,Engineer\r\n'.repeat(2000)}`;
const csvAnswer = () => new Response(CSV, { headers: { 'content-type': 'text/csv; charset=utf-8' } });

describe('compressed answers on Node', () => {
  it('gzips or brs a CSV answer as Accept-Encoding asks, with Vary, and the same bytes inside', async () => {
    server = await listen(csvAnswer);
    const gzip = await send(server, { headers: { 'accept-encoding': 'gzip, deflate, br' }, body: ['x'] });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toBe('Accept-Encoding');
    expect(gzip.headers['content-length']).toBeUndefined();
    expect(gunzipSync(gzip.body).toString()).toBe(CSV);
    expect(gzip.body.byteLength).toBeLessThan(CSV.length * 0.3);

    const br = await send(server, { headers: { 'accept-encoding': 'br' }, body: ['x'] });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(CSV);
  });

  it('sends the answer as it is without Accept-Encoding, or with compress: false', async () => {
    server = await listen(csvAnswer);
    const plain = await send(server, { body: ['x'] });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBeUndefined();
    expect(plain.body.toString()).toBe(CSV);
    await shutdown(server);
    server = await listen(csvAnswer, { compress: false });
    const off = await send(server, { headers: { 'accept-encoding': 'gzip' }, body: ['x'] });
    expect(off.headers['content-encoding']).toBeUndefined();
    expect(off.body.toString()).toBe(CSV);
  });

  it('keeps a streamed answer streamed: the first chunk arrives, decompressed, before the body ends', async () => {
    let finish!: () => void;
    const later = new Promise<void>((resolve) => {
      finish = resolve;
    });
    server = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('first row\r\n'));
              await later;
              controller.enqueue(new TextEncoder().encode('last row\r\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/csv' } },
        ),
    );
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server!.port, method: 'POST', headers: { 'accept-encoding': 'gzip' } },
        (res) => {
          expect(res.headers['content-encoding']).toBe('gzip');
          let seen = '';
          const gunzip = res.pipe(createGunzip());
          gunzip.on('data', (chunk: Buffer) => {
            if (seen === '') finish(); // the server holds the rest back until the first row is here
            seen += chunk.toString();
          });
          gunzip.on('end', () => resolve(seen));
          gunzip.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end('x');
    });
    expect(text).toBe('first row\r\nlast row\r\n');
  });
});
