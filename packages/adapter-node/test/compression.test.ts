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
    // A whole answer is compressed in one go, so it says its compressed length.
    expect(gzip.headers['content-length']).toBe(String(gzip.body.byteLength));
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

describe('a whole answer compressed in one go', () => {
  // 60 KB of CSV with non-ASCII text, held whole as bytes: what the core answers to a JSON body.
  const BYTES = new TextEncoder().encode(`Name,Title\r\n${'Zoë Ångström,Ingénieure\r\n'.repeat(2400)}`);
  const wholeAnswer = () =>
    new Response(BYTES, { headers: { 'content-type': 'text/csv; charset=utf-8', vary: 'Origin' } });
  // The same bytes as a stream: the answer the streaming compressor takes.
  const streamedAnswer = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(BYTES);
          controller.close();
        },
      }),
      { headers: { 'content-type': 'text/csv; charset=utf-8', vary: 'Origin' } },
    );
  const decoded = (answer: { headers: Record<string, unknown>; body: Buffer }) => {
    const coding = answer.headers['content-encoding'];
    return coding === 'gzip'
      ? gunzipSync(answer.body)
      : coding === 'br'
        ? brotliDecompressSync(answer.body)
        : answer.body;
  };

  it('decompresses to exactly the uncompressed answer, and says its compressed length', async () => {
    // 30 KB and 240 KB: below and above the size that zlib takes on the threadpool instead of the event loop.
    for (const rows of [1000, 8000]) {
      const bytes = new TextEncoder().encode(`Name,Title\r\n${'Zoë Ångström,Ingénieure\r\n'.repeat(rows)}`);
      server = await listen(
        () => new Response(bytes, { headers: { 'content-type': 'text/csv; charset=utf-8', vary: 'Origin' } }),
      );
      const plain = await send(server, { body: ['x'] });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(Buffer.compare(plain.body, bytes)).toBe(0);
      for (const coding of ['gzip', 'br']) {
        const answer = await send(server, { headers: { 'accept-encoding': coding }, body: ['x'] });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(coding);
        expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
        expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
        // One write with its length, not chunked.
        expect(answer.headers['transfer-encoding']).toBeUndefined();
        expect(answer.headers['content-length']).toBe(String(answer.body.byteLength));
        expect(answer.body.byteLength).toBeLessThan(bytes.byteLength * 0.3);
        expect(Buffer.compare(decoded(answer), plain.body)).toBe(0);
      }
      await shutdown(server);
      server = undefined;
    }
  });

  // Written from RFC 9110 §12.5.3 and the platform's rules: highest q wins, gzip before br on a tie,
  // `*` stands for whatever is not named, q=0 refuses; identity keeps the bytes and adds Vary.
  const CHOICES: [
    acceptEncoding: string | undefined,
    coding: string | undefined,
    vary: string | undefined,
  ][] = [
    [undefined, undefined, 'Origin'],
    ['gzip', 'gzip', 'Origin, Accept-Encoding'],
    ['br', 'br', 'Origin, Accept-Encoding'],
    ['gzip, deflate, br', 'gzip', 'Origin, Accept-Encoding'],
    ['br, gzip', 'gzip', 'Origin, Accept-Encoding'],
    ['gzip;q=0.5, br', 'br', 'Origin, Accept-Encoding'],
    ['BR;Q=0.9, *;q=0.1', 'br', 'Origin, Accept-Encoding'],
    ['*', 'gzip', 'Origin, Accept-Encoding'],
    ['*, gzip;q=0', 'br', 'Origin, Accept-Encoding'],
    ['identity', undefined, 'Origin, Accept-Encoding'],
    ['gzip;q=0, br;q=0', undefined, 'Origin, Accept-Encoding'],
    ['deflate, zstd', undefined, 'Origin, Accept-Encoding'],
  ];

  it('chooses as the streaming compressor does, for every Accept-Encoding', async () => {
    const whole = await listen(wholeAnswer);
    server = whole;
    const streamed = await listen(streamedAnswer);
    try {
      for (const [acceptEncoding, coding, vary] of CHOICES) {
        const headers = acceptEncoding === undefined ? undefined : { 'accept-encoding': acceptEncoding };
        for (const [path, target] of [
          ['whole', whole],
          ['streamed', streamed],
        ] as const) {
          const answer = await send(target, { headers, body: ['x'] });
          const seen = [path, acceptEncoding, answer.headers['content-encoding'], answer.headers.vary];
          expect(seen).toEqual([path, acceptEncoding, coding, vary]);
          expect(Buffer.compare(decoded(answer), BYTES)).toBe(0);
        }
      }
    } finally {
      await shutdown(streamed);
    }
  });

  it('leaves alone what does not pay: a tiny answer, an error, a binary type, no-transform, HEAD', async () => {
    const answers: Record<string, () => Response> = {
      '/tiny': () => new Response('Name\r\nAda\r\n', { headers: { 'content-type': 'text/csv' } }),
      '/error': () =>
        new Response(BYTES, { status: 422, headers: { 'content-type': 'application/problem+json' } }),
      '/binary': () => new Response(BYTES, { headers: { 'content-type': 'application/octet-stream' } }),
      '/no-transform': () =>
        new Response(BYTES, { headers: { 'content-type': 'text/csv', 'cache-control': 'no-transform' } }),
      '/head': () => new Response(BYTES, { headers: { 'content-type': 'text/csv' } }),
    };
    server = await listen((request) => answers[new URL(request.url).pathname]!());
    for (const path of Object.keys(answers)) {
      const method = path === '/head' ? 'HEAD' : 'POST';
      const answer = await send(server, { path, method, headers: { 'accept-encoding': 'gzip, br' } });
      expect([path, answer.headers['content-encoding'], answer.headers.vary]).toEqual([
        path,
        undefined,
        undefined,
      ]);
      if (method === 'POST') expect(answer.body.byteLength).toBe(path === '/tiny' ? 11 : BYTES.byteLength);
    }
  });
});
