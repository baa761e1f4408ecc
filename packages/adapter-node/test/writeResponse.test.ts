import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeServer } from '../src/index.js';
import { listen, send, sendRaw, shutdown, signal } from './harness.js';

describe('writeResponse', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await listen((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/cookies') {
        const headers = new Headers({ 'content-type': 'text/plain' });
        headers.append('set-cookie', 'a=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT');
        headers.append('set-cookie', 'b=2; HttpOnly');
        headers.append('x-many', 'one');
        headers.append('x-many', 'two');
        return new Response('ok', { status: 201, headers });
      }
      if (path === '/null') return new Response(null);
      if (path === '/two')
        return new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('one,'));
              controller.enqueue(new TextEncoder().encode('two'));
              controller.close();
            },
          }),
        );
      if (path === '/empty') return new Response('');
      if (path === '/no-content') return new Response(null, { status: 204, headers: { 'x-seen': '1' } });
      return new Response('body', { headers: { 'content-type': 'text/csv' } });
    });
  });
  afterAll(() => shutdown(server));

  it('sends status and headers, each Set-Cookie on its own line', async () => {
    const answer = await send(server, { method: 'GET', path: '/cookies' });
    expect(answer.status).toBe(201);
    expect(answer.headers['set-cookie']).toEqual([
      'a=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
      'b=2; HttpOnly',
    ]);
    expect(answer.rawHeaders.filter((name) => name.toLowerCase() === 'set-cookie')).toHaveLength(2);
    expect(answer.headers['x-many']).toBe('one, two');
    expect(answer.body.toString()).toBe('ok');
  });

  it('sends a body that is whole at once in one write, with its Content-Length', async () => {
    const raw = await sendRaw(server, ['GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(raw).toMatch(/\r\ncontent-length: 4\r\n/i);
    expect(raw).not.toMatch(/transfer-encoding/i);
    expect(raw.endsWith('\r\n\r\nbody')).toBe(true);
  });

  it('sends a body of several chunks chunked, every byte of it', async () => {
    const raw = await sendRaw(server, ['GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(raw).toMatch(/\r\ntransfer-encoding: chunked\r\n/i);
    // Node 24 may join the two writes into one chunk: the chunks' bytes are what must arrive.
    expect(dechunk(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toBe('one,two');
  });

  it('ends empty bodies properly: Content-Length 0, and no body at all for 204 and HEAD', async () => {
    for (const path of ['/null', '/empty']) {
      const answer = await send(server, { method: 'GET', path });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-length']).toBe('0');
      expect(answer.body.length).toBe(0);
    }
    const noContent = await sendRaw(server, [
      'GET /no-content HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ]);
    expect(noContent.startsWith('HTTP/1.1 204')).toBe(true);
    expect(noContent.endsWith('\r\n\r\n')).toBe(true);
    const head = await sendRaw(server, ['HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(head).toMatch(/^HTTP\/1\.1 200[\s\S]*content-type: text\/csv\r\n[\s\S]*\r\n\r\n$/);
  });

  it('streams: the client has the first chunk before the handler writes the second', async () => {
    const clientGotFirst = signal();
    const streaming = await listen(
      () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('first,'));
              await clientGotFirst.promise;
              controller.enqueue(new TextEncoder().encode('second'));
              controller.close();
            },
          }),
        ),
    );
    try {
      const text = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port: streaming.port, agent: false }, (res) => {
          let all = '';
          res.on('data', (chunk) => {
            all += chunk;
            clientGotFirst.resolve();
          });
          res.on('end', () => resolve(all));
        }).on('error', reject);
      });
      expect(text).toBe('first,second');
    } finally {
      await shutdown(streaming);
    }
  });

  it('holds a fast producer back while the client reads slowly', async () => {
    const chunk = new Uint8Array(64 * 1024);
    const total = 48 * 1024 * 1024;
    let produced = 0;
    let received = 0;
    let maxAhead = 0;
    const slow = await listen(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              maxAhead = Math.max(maxAhead, produced - received);
              if (produced >= total) return controller.close();
              produced += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        ),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        get({ host: '127.0.0.1', port: slow.port, agent: false }, (res) => {
          res.on('data', (data: Buffer) => {
            received += data.length;
            // A slow reader: a pause after every chunk.
            res.pause();
            setTimeout(() => res.resume(), 1);
          });
          res.on('end', resolve);
        }).on('error', reject);
      });
      expect(received).toBe(total);
      // Kernel socket buffers on loopback hold a few MiB; without backpressure the producer
      // would run the whole 48 MiB ahead of this reader.
      expect(maxAhead).toBeLessThan(16 * 1024 * 1024);
      console.info(`response backpressure: producer at most ${(maxAhead / 1048576).toFixed(1)} MiB ahead`);
    } finally {
      await shutdown(slow);
    }
  });
});

/** The bytes of a chunked body (RFC 9112 section 7.1), which must end with its last chunk. */
function dechunk(body: string): string {
  let text = '';
  let at = 0;
  for (;;) {
    const line = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, line), 16);
    expect(Number.isNaN(size)).toBe(false);
    if (size === 0) {
      expect(body.slice(line)).toBe('\r\n\r\n');
      return text;
    }
    text += body.slice(line + 2, line + 2 + size);
    expect(body.slice(line + 2 + size, line + 4 + size)).toBe('\r\n');
    at = line + 4 + size;
  }
}
