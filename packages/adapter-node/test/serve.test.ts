import { createServer, get, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener, type FetchHandler, type NodeServer } from '../src/index.js';
import { listen, send, sendRaw, shutdown, signal, within } from './harness.js';

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
      await within(cancelled.promise, 5_000, 'the response stream cancelled after the client left');
      await within(aborted.promise, 5_000, 'request.signal aborted after the client left');
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
      await within(readFailed.promise, 5_000, 'the body read failing after the client left mid-upload');
      await within(aborted.promise, 5_000, 'request.signal aborted after the client left mid-upload');
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

describe("the requests Node's parser answers itself", () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await listen(async (request) => new Response(await request.text()));
  });
  afterAll(() => shutdown(server));

  /** The status line and the parsed problem body of a raw exchange. */
  async function problemOf(raw: string) {
    const reply = await sendRaw(server, [raw], true);
    const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
    expect(reply.toLowerCase()).toContain('content-type: application/problem+json');
    return { statusLine: reply.slice(0, reply.indexOf('\r\n')), problem: JSON.parse(body) };
  }

  it.each([
    [
      'a POST without Host',
      'POST / HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]',
      400,
      'bad-request',
    ],
    [
      'an unknown Expect',
      'POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 2\r\n\r\n[]',
      417,
      'expectation-failed',
    ],
    ['TRACK', 'TRACK / HTTP/1.1\r\nHost: x\r\n\r\n', 501, 'not-implemented'],
    ['an unknown method', 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 501, 'not-implemented'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 501, 'not-implemented'],
    ['a method that is no token', 'G@T / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad-request'],
  ])('answers %s with a problem', async (_, raw, status, kind) => {
    const { statusLine, problem } = await problemOf(raw);
    expect(statusLine.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(problem).toMatchObject({ type: `urn:csvfn:problem:${kind}`, status });
  });

  it('closes the connection after the 400 for a missing Host: a request behind it is never read', async () => {
    // Two requests on one connection, the first without Host and no `Connection: close`.
    const reply = await within(
      sendRaw(
        server,
        [
          'POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi',
        ],
        true,
      ),
      5_000,
      'the server closing the connection after a request without Host',
    );
    expect(reply.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(reply.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({
      type: 'urn:csvfn:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'The request has no Host header.',
    });
  });

  it('still takes an HTTP/1.0 request without Host', async () => {
    const reply = await sendRaw(server, ['POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi']);
    expect(reply.startsWith('HTTP/1.1 200')).toBe(true);
    expect(reply.endsWith('hi')).toBe(true);
  });
});
