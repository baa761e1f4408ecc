import { connect, constants } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { localhostCert, localhostKey } from '@csvfn/harness/tls';
import type { SentOutcome } from '@csvfn/platform';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type NodeServer, serve } from '../src/index.js';
import { signal, within } from './harness.js';

// A handler that names what it saw: the URL, and Node's HTTP version.
const whoAmI = (request: Request, platform: { req: { httpVersion: string } }) =>
  new Response(`${request.url} ${platform.req.httpVersion} ${request.headers.get('x-a')}`, {
    status: 201,
    statusText: 'Made',
  });

let server: NodeServer<any> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One HTTP/2 request on its own session; resolves to status and body. */
function h2(origin: string, ca?: string): Promise<{ status: number; body: string; alpn: string | false }> {
  const session = connect(origin, { ca });
  return new Promise<{ status: number; body: string; alpn: string | false }>((resolve, reject) => {
    session.once('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': '/api?x=1', 'x-a': '1' });
    let status = 0;
    let body = '';
    stream.once('response', (headers) => {
      status = Number(headers[':status']);
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      body += chunk;
    });
    stream.once('end', () => resolve({ status, body, alpn: session.alpnProtocol ?? false }));
    stream.end('[]');
  }).finally(() => session.close());
}

describe('serve over HTTP/2', () => {
  it('h2c: HTTP/2 in clear text, the host from :authority, no reason phrase', async () => {
    const warnings = vi.fn();
    process.on('warning', warnings);
    server = await serve(whoAmI, { port: 0, hostname: '127.0.0.1', http2: true });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await h2(server.url);
    process.off('warning', warnings);
    expect(answer).toMatchObject({ status: 201, body: `${server.url}/api?x=1 2.0 1`, alpn: 'h2c' });
    expect(warnings).not.toHaveBeenCalled();
  });

  it('TLS: h2 by ALPN, and HTTP/1.1 on the same port for a client that does not offer it', async () => {
    server = await serve(whoAmI, {
      port: 0,
      hostname: '127.0.0.1',
      tls: { key: localhostKey, cert: localhostCert },
    });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await h2(server.url, localhostCert)).toMatchObject({
      status: 201,
      body: `${server.url}/api?x=1 2.0 1`,
      alpn: 'h2',
    });
    const http1 = await new Promise<{ status: number; message: string; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        `${server!.url}/api`,
        { method: 'POST', ca: localhostCert, headers: { 'x-a': '2' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, message: res.statusMessage ?? '', body }),
          );
        },
      );
      req.once('error', reject);
      req.end('[]');
    });
    expect(http1).toEqual({ status: 201, message: 'Made', body: `${server.url}/api 1.1 2` });
  });

  it('resets the stream with INTERNAL_ERROR when the body fails after the headers, never ends it', async () => {
    // Once, destroying the stream reset it with NO_ERROR, which node:http2 reads as the body's end.
    let pulls = 0;
    const failing = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('Name\r\n'));
            else controller.error(new Error('a row failed'));
          },
        }),
      );
    server = await serve(failing, { port: 0, hostname: '127.0.0.1', http2: true, onError: () => {} });
    const session = connect(server.url);
    session.on('error', () => {});
    const stream = session.request({ ':method': 'POST', ':path': '/api' });
    stream.on('error', () => {});
    let ended = false;
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      body += chunk;
    });
    stream.once('end', () => {
      ended = true;
    });
    stream.end('[]');
    await within(new Promise((resolve) => stream.once('close', resolve)), 5_000, 'the stream closing');
    session.destroy();
    expect({ body, ended, rstCode: stream.rstCode }).toEqual({
      body: 'Name\r\n',
      ended: false,
      rstCode: constants.NGHTTP2_INTERNAL_ERROR,
    });
  });

  it('platform.onSent: a whole answer once written, and aborted when the client cancels its stream first', async () => {
    const outcomes: SentOutcome[] = [];
    const reported = signal();
    const cancelled = signal();
    server = await serve(
      async (request, platform) => {
        platform.onSent!((outcome) => {
          outcomes.push(outcome);
          if (outcomes.length === 2) reported.resolve();
        });
        if (new URL(request.url).pathname === '/slow')
          await new Promise((gone) => request.signal.addEventListener('abort', gone));
        return new Response('a,b\r\n1,2\r\n');
      },
      { port: 0, hostname: '127.0.0.1', http2: true },
    );
    expect((await h2(server.url)).body).toBe('a,b\r\n1,2\r\n');
    const session = connect(server.url);
    const stream = session.request({ ':method': 'GET', ':path': '/slow' });
    stream.on('error', () => {});
    stream.once('close', () => cancelled.resolve());
    setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), 50);
    await within(cancelled.promise, 5_000, 'the client stream cancelled');
    session.close();
    await within(reported.promise, 5_000, 'onSent for both answers');
    expect(outcomes).toEqual([{ bytes: 10 }, { aborted: true, bytes: undefined }]);
  });

  it('close() ends idle sessions instead of waiting for the client to hang up', async () => {
    server = await serve(whoAmI, { port: 0, hostname: '127.0.0.1', http2: true });
    const session = connect(server.url);
    await within(
      new Promise((resolve) => session.once('connect', resolve)),
      5_000,
      'the h2c session connecting',
    );
    const closed = new Promise((resolve) => session.once('close', resolve));
    await within(server.close(), 5_000, 'server.close() resolving with an idle session open');
    server = undefined;
    await within(closed, 5_000, 'the idle session closed by the server');
  });
});
