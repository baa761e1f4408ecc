import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener, type NodeServer, type PlatformInfo } from '../src/index.js';
import { echo, listen, send, sendRaw, shutdown, signal } from './harness.js';

describe('incomingMessageToRequest: the body', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await listen(echo);
  });
  afterAll(() => shutdown(server));

  it('passes a Content-Length body through byte for byte', async () => {
    const body = Buffer.from('[{"name":"Zoë"}]\n\u0000\xff', 'latin1');
    const answer = await send(server, { headers: { 'content-length': String(body.length) }, body: [body] });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(body)).toBe(true);
  });

  it('passes a chunked upload through', async () => {
    const pieces = ['[{"a":', '1},', '{"a":2}]'];
    const answer = await send(server, { body: pieces });
    expect(answer.body.toString()).toBe(pieces.join(''));
  });

  it('assembles a body that arrives one byte per write, chunked and with Content-Length', async () => {
    const text = '[{"name":"John Doe","age":45}]';
    const chunked = [...text].map((c) => `1\r\n${c}\r\n`);
    const viaChunks = await sendRaw(server, [
      'POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n',
      ...chunked,
      '0\r\n\r\n',
    ]);
    expect(viaChunks.startsWith('HTTP/1.1 200')).toBe(true);
    expect(dechunk(viaChunks)).toBe(text);

    const viaLength = await sendRaw(server, [
      `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${text.length}\r\n\r\n`,
      ...text,
    ]);
    expect(dechunk(viaLength)).toBe(text);
  });

  it('hands the body over as it arrives, not once it is complete', async () => {
    const firstSeen = signal();
    const streaming = await listen(async (request) => {
      const reader = request.body!.getReader();
      const first = await reader.read();
      firstSeen.resolve();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read())
        rest += Buffer.from(r.value).toString();
      return new Response(`${Buffer.from(first.value!).toString()}|${rest}`);
    });
    try {
      const answer = new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: streaming.port, method: 'POST', agent: false },
          (res) => {
            let text = '';
            res.on('data', (c) => {
              text += c;
            });
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.write('first');
        // The second piece is sent only once the handler has read the first: a buffering
        // adapter would wait for the end of the body and never get here.
        firstSeen.promise.then(() => req.end('second'));
      });
      expect(await answer).toBe('first|second');
    } finally {
      await shutdown(streaming);
    }
  });

  it('gives an empty POST an empty body, and GET and HEAD none', async () => {
    const empty = await send(server, { headers: { 'content-length': '0' } });
    expect(empty.body.length).toBe(0);
    const seen: (ReadableStream | null)[] = [];
    const bodies = await listen((request) => {
      seen.push(request.body);
      return new Response(null, { status: 204 });
    });
    try {
      await send(bodies, { method: 'GET' });
      await send(bodies, { method: 'HEAD' });
      expect(seen).toEqual([null, null]);
    } finally {
      await shutdown(bodies);
    }
  });

  it('keeps the connection usable when the handler answers without reading the body', async () => {
    const early = await listen(() => new Response('too large', { status: 413 }));
    try {
      const big = Buffer.alloc(1024 * 1024, 'x');
      const reply = await sendRaw(early, [
        `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${big.length}\r\n\r\n`,
        big,
        'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ]);
      expect(reply.match(/HTTP\/1\.1 413/g)).toHaveLength(2);
    } finally {
      await shutdown(early);
    }
  });
});

describe('incomingMessageToRequest: URL, headers, platform', () => {
  let server: NodeServer;
  let trusting: NodeServer;
  beforeAll(async () => {
    server = await listen(echo);
    trusting = await listen(echo, {
      trustProxy: true,
      platform: (req) => ({ provider: 'node', req, requestId: 'r1' }),
    });
  });
  afterAll(async () => {
    await shutdown(server);
    await shutdown(trusting);
  });

  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'csv.example, proxy.internal' };

  it('builds the URL from Host and ignores X-Forwarded-* unless trusted', async () => {
    const plain = await send(server, { path: '/api?delimiter=%3B', headers: forwarded });
    expect(plain.headers['x-url']).toBe(`http://127.0.0.1:${server.port}/api?delimiter=%3B`);
    const proxied = await send(trusting, { path: '/api', headers: forwarded });
    expect(proxied.headers['x-url']).toBe('https://csv.example/api');
  });

  it('never lets the request target or Host change the origin', async () => {
    const reply = await sendRaw(server, [
      'POST //evil.example/x HTTP/1.1\r\nHost: a@b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    ]);
    expect(reply).toContain('x-url: http://localhost//evil.example/x\r\n');
    const absolute = await sendRaw(server, [
      'POST http://other.example/api?x=1 HTTP/1.1\r\nHost: mine.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    ]);
    expect(absolute).toContain('x-url: http://mine.example/api?x=1\r\n');
  });

  it('passes repeated request headers on, joined', async () => {
    const seen = signal<string | null>();
    const headers = await listen((request) => {
      seen.resolve(request.headers.get('x-tag'));
      return new Response(null);
    });
    try {
      await sendRaw(headers, [
        'GET / HTTP/1.1\r\nHost: x\r\nX-Tag: a\r\nX-Tag: b\r\nConnection: close\r\n\r\n',
      ]);
      expect(await seen.promise).toBe('a, b');
    } finally {
      await shutdown(headers);
    }
  });

  it("tells the handler it runs on node, and the client's address; callers can override", async () => {
    const plain = await send(server);
    expect(JSON.parse(String(plain.headers['x-platform']))).toEqual({
      provider: 'node',
      clientAddress: '127.0.0.1',
    });
    const custom = await send(trusting);
    expect(JSON.parse(String(custom.headers['x-platform']))).toEqual({
      provider: 'node',
      requestId: 'r1',
      clientAddress: '127.0.0.1',
    });
  });
});

describe("the provider's own objects on the platform", () => {
  it("hands Node's request to the handler as platform.req, typed", async () => {
    const server = await listen((request, platform) => {
      const { req } = platform;
      return new Response(null, {
        headers: {
          'x-same-method': String(req.method === request.method),
          'x-http-version': req.httpVersion,
          'x-peer-port': String(req.socket.remotePort),
        },
      });
    });
    try {
      const answer = await send(server, { method: 'PUT' });
      expect(answer.headers['x-same-method']).toBe('true');
      expect(answer.headers['x-http-version']).toBe('1.1');
      expect(Number(answer.headers['x-peer-port'])).toBeGreaterThan(0);
    } finally {
      await shutdown(server);
    }
  });

  it('gives a host its own platform type through createRequestListener', async () => {
    interface TenantPlatform extends PlatformInfo {
      provider: 'tenant-host';
      tenant: string;
    }
    const listener = createRequestListener<TenantPlatform>(
      (_request, platform) =>
        new Response(`${platform.provider}:${platform.tenant}:${platform.clientAddress}`),
      { platform: (req) => ({ provider: 'tenant-host', tenant: String(req.headers['x-tenant']) }) },
    );
    const server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const answer = await send(
        { server, port, url: `http://127.0.0.1:${port}`, close: async () => {} },
        { headers: { 'x-tenant': 'acme' } },
      );
      expect(answer.body.toString()).toBe('tenant-host:acme:127.0.0.1');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** The body of a raw HTTP/1.1 answer, chunked framing removed. */
export function dechunk(reply: string): string {
  const [head, ...rest] = reply.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  if (!/transfer-encoding: chunked/i.test(head ?? '')) return body;
  let out = '';
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (!size) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
