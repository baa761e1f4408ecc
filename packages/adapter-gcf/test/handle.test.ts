import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GcfPlatform, handle } from '../src/index.js';

// The Functions Framework itself (Express 5 and its body-parser), in-process on a loopback port.
let seen: { body: string; headers: Record<string, string>; platform: GcfPlatform } | undefined;
functions.http(
  'echo',
  handle(async (request, platform) => {
    seen = { body: await request.text(), headers: Object.fromEntries(request.headers), platform };
    return new Response('a,b\r\n', { headers: { 'content-type': 'text/csv; header=present' } });
  }),
);

let servers: Server[] = [];
async function listen(name: string): Promise<string> {
  const server = getTestServer(name);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => {
  for (const server of servers) server.close();
  servers = [];
});

function post(origin: string, body: Uint8Array, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${origin}/api`, { method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('handle on the Functions Framework', () => {
  let origin: string;
  beforeAll(async () => {
    origin = await listen('echo');
  });

  it('hands over a gzip body inflated once, with headers that describe the bytes', async () => {
    const json = JSON.stringify([{ a: 1 }]);
    const gzipped = gzipSync(json);
    await post(origin, gzipped, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(gzipped.byteLength),
    });
    expect(seen?.body).toBe(json);
    expect(seen?.headers['content-encoding']).toBeUndefined();
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength(json)));
  });

  it('keeps an unencoded body and its headers as sent', async () => {
    await post(origin, new TextEncoder().encode('{"x":1}\n'), { 'content-type': 'application/x-ndjson' });
    expect(seen?.body).toBe('{"x":1}\n');
    expect(seen?.headers['content-type']).toBe('application/x-ndjson');
  });

  it("writes Content-Type as the handler set it (Express's res.set would add a charset)", async () => {
    const response = await post(origin, new Uint8Array(), { 'content-type': 'application/json' });
    expect(response.headers['content-type']).toBe('text/csv; header=present');
    expect(response.body).toBe('a,b\r\n');
  });

  it("gives the handler the framework's execution id, the client's address, req and res", async () => {
    await post(origin, new TextEncoder().encode('[]'), {
      'content-type': 'application/json',
      'function-execution-id': 'exec-42',
      'x-forwarded-for': '203.0.113.7, 10.0.0.1',
    });
    expect(seen?.platform).toMatchObject({
      provider: 'gcf',
      requestId: 'exec-42',
      clientAddress: '203.0.113.7',
    });
    expect(seen?.platform.req.rawBody?.toString()).toBe('[]');
    expect(seen?.platform.res).toBe(seen?.platform.req.res);
  });
});
