import { createServer, get, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener, type FetchHandler, type NodeServer } from '../src/index.js';
import { listen, send, sendRaw, shutdown, signal } from './harness.js';

const INTERNAL =
  '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}';

describe('a failing handler', () => {
  const errors: unknown[] = [];
  let server: NodeServer;
  beforeAll(async () => {
    server = await listen(
      (request) => {
        const path = new URL(request.url).pathname;
        if (path === '/throw') throw new Error('secret at /srv/app.js:1');
        if (path === '/reject') return Promise.reject(new Error('secret'));
        if (path === '/not-a-response') return 'oops' as unknown as Response;
        return new Response(new ReadableStream({ pull: (c) => c.error(new Error('secret')) }));
      },
      { onError: (error) => errors.push(error) },
    );
  });
  afterAll(() => shutdown(server));

  it.each(['/throw', '/reject', '/not-a-response', '/body-fails'])(
    '%s answers a generic 500 problem, never the error',
    async (path) => {
      const answer = await send(server, { path });
      expect(answer.status).toBe(500);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body.toString()).toBe(INTERNAL);
    },
  );

  it('hands the errors to onError', () => {
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });

  it('cuts the connection when the body fails after the headers went out', async () => {
    const midway = await listen(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('Name\r\n'));
            },
            pull(controller) {
              controller.error(new Error('secret'));
            },
          }),
        ),
    );
    try {
      await expect(send(midway, { method: 'GET' })).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    } finally {
      await shutdown(midway);
    }
  });

  it('answers 501 to a method the Fetch API cannot carry', async () => {
    const answer = await send(server, { method: 'TRACE' });
    expect(answer.status).toBe(501);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ title: 'Not implemented', status: 501 });
  });
});

describe('a client that goes away', () => {
  it('cancels the response stream and aborts request.signal', async () => {
    const cancelled = signal<unknown>();
    const aborted = signal();
    const server = await listen((request) => {
      request.signal.addEventListener('abort', () => aborted.resolve());
      return new Response(
        new ReadableStream({
          pull: (controller) => controller.enqueue(new Uint8Array(16 * 1024)),
          cancel: (reason) => cancelled.resolve(reason),
        }),
      );
    });
    try {
      const req = get({ host: '127.0.0.1', port: server.port, agent: false }, (res) => {
        res.once('data', () => req.destroy());
      });
      req.on('error', () => {});
      await Promise.all([cancelled.promise, aborted.promise]);
    } finally {
      await shutdown(server);
    }
  });

  it('fails the body read and aborts request.signal when it leaves mid-upload', async () => {
    const readFailed = signal();
    const aborted = signal();
    const server = await listen(async (request) => {
      request.signal.addEventListener('abort', () => aborted.resolve());
      await request.arrayBuffer().catch(() => readFailed.resolve());
      return new Response(null);
    });
    try {
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        headers: { 'content-length': '1000' },
        agent: false,
      });
      req.on('error', () => {});
      req.write('[{"name":', () => setImmediate(() => req.destroy()));
      await Promise.all([readFailed.promise, aborted.promise]);
    } finally {
      await shutdown(server);
    }
  });
});

describe('slow clients', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await listen(async (request) => new Response(await request.text()), {
      headersTimeout: 300,
      requestTimeout: 600,
      connectionsCheckingInterval: 50,
    });
  });
  afterAll(() => shutdown(server));

  it('cuts off a client that never finishes its headers (slow loris) with 408', async () => {
    const reply = await sendRaw(server, ['POST / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n'], true);
    expect(reply.startsWith('HTTP/1.1 408')).toBe(true);
    expect(reply).toContain('content-type: application/problem+json');
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({
      type: 'urn:csvfn:problem:request-timeout',
      title: 'Request timeout',
      status: 408,
      detail: 'The request was not received in time.',
    });
  });

  it('answers a request Node cannot parse with a 400 problem', async () => {
    const reply = await sendRaw(server, ['GARBAGE\r\n\r\n'], true);
    expect(reply.startsWith('HTTP/1.1 400 Bad Request')).toBe(true);
    expect(reply).toContain(
      '{"type":"urn:csvfn:problem:bad-request","title":"Bad request","status":400,"detail":"The request is not valid HTTP."}',
    );
  });

  it('answers oversized headers with a 431 problem', async () => {
    const reply = await sendRaw(
      server,
      [`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      true,
    );
    expect(reply.startsWith('HTTP/1.1 431')).toBe(true);
    expect(reply).toContain('"type":"urn:csvfn:problem:headers-too-large"');
  });

  it('cuts off a body that stops arriving', async () => {
    const reply = await sendRaw(
      server,
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{'],
      true,
    );
    expect(reply.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('still serves a prompt client', async () => {
    const answer = await send(server, { body: ['hi'] });
    expect(answer.body.toString()).toBe('hi');
  });
});

describe('a handler that reads the upload slowly', () => {
  it('keeps the server from buffering the upload ahead of it', async () => {
    const total = 32 * 1024 * 1024;
    let current: IncomingMessage | undefined;
    let consumed = 0;
    let maxAhead = 0;
    const handler: FetchHandler = async (request) => {
      const reader = request.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        consumed += r.value.byteLength;
        maxAhead = Math.max(maxAhead, current!.socket.bytesRead - consumed);
        await new Promise((next) => setTimeout(next, 1));
      }
      return new Response(String(consumed));
    };
    const listener = createRequestListener(handler);
    const server = createServer((req, res) => {
      current = req;
      listener(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            headers: { 'content-length': String(total) },
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (c) => {
              text += c;
            });
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        const piece = Buffer.alloc(256 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += piece.length;
            if (!req.write(piece)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(answer).toBe(String(total));
      expect(maxAhead).toBeLessThan(16 * 1024 * 1024);
      console.info(`request backpressure: server read at most ${(maxAhead / 1048576).toFixed(1)} MiB ahead`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
