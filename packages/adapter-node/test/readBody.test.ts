import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FetchHandler, NodePlatform } from '../src/index.js';
import { listen, send, shutdown, signal, within } from './harness.js';

/** What a handler saw of `platform.readBody`, and of the Request after it. */
interface Seen {
  bytes?: string;
  length?: number;
  failed?: string;
  notOffered?: boolean;
  /** Where it was not offered: whether the Request was the adapter's lean one. */
  lean?: boolean;
  bodyUsed?: boolean;
  locked?: boolean;
}

/**
 * Whether the adapter built its lean Request. Node 24's undici refuses a lean Request where it
 * takes one (`new Request(request)`), so there the adapter builds every Request in full, and a
 * full Request's body is already its stream: `readBody` is not offered, and the body comes through
 * `request.body` as before. (Node 20 and 22 take the lean path, which CI runs.)
 */
const isLean = (request: Request) => Object.getPrototypeOf(request) !== Request.prototype;

function reading(maxBytes: number) {
  const seen = signal<Seen>();
  const handler: FetchHandler<NodePlatform> = async (request, platform) => {
    const reading = platform.readBody!(maxBytes);
    if (!reading) {
      const lean = isLean(request);
      try {
        const text = await new Response(request.body).text();
        seen.resolve({ notOffered: true, lean, bytes: text, length: Buffer.byteLength(text) });
      } catch (error) {
        seen.resolve({ notOffered: true, lean, failed: (error as Error).message });
      }
      return new Response('stream');
    }
    try {
      const bytes = await reading;
      seen.resolve({
        bytes: new TextDecoder().decode(bytes),
        length: bytes.byteLength,
        bodyUsed: request.bodyUsed,
        locked: request.body?.locked,
      });
    } catch (error) {
      seen.resolve({ failed: (error as Error).message });
    }
    return new Response('read');
  };
  return { handler, seen: seen.promise };
}

/** A handler on a full Request (Node 24) saw it not offered, on a Request that was not lean. */
function expectFullRequest(seen: Seen): void {
  expect(seen.notOffered).toBe(true);
  expect(seen.lean).toBe(false);
}

describe('platform.readBody', () => {
  it('reads a body sent in pieces (chunked), whole and exact, and the Request counts it used', async () => {
    const { handler, seen } = reading(1024);
    const server = await listen(handler);
    try {
      const answer = await send(server, { body: ['[{"név":', '"Åsa"},', '{"a":1}]'] });
      const saw = await within(seen, 5_000, 'the body read');
      if (saw.notOffered) {
        expectFullRequest(saw);
        expect(saw.bytes).toBe('[{"név":"Åsa"},{"a":1}]');
        return;
      }
      expect(answer.body.toString()).toBe('read');
      expect(saw).toEqual({ bytes: '[{"név":"Åsa"},{"a":1}]', length: 25, bodyUsed: true, locked: true });
    } finally {
      await shutdown(server);
    }
  });

  it('stops once more than maxBytes arrived, and the answer still reaches the client', async () => {
    const { handler, seen } = reading(1000);
    const server = await listen(handler);
    try {
      const body = 'x'.repeat(1024 * 1024);
      const answer = await send(server, { headers: { 'content-length': String(body.length) }, body: [body] });
      expect(answer.status).toBe(200);
      const saw = await within(seen, 5_000, 'the body read');
      if (saw.notOffered) {
        expectFullRequest(saw);
        expect(saw.length).toBe(body.length);
        return;
      }
      expect(answer.body.toString()).toBe('read');
      expect(saw.length).toBeGreaterThan(1000);
      expect(saw.length).toBeLessThan(body.length);
    } finally {
      await shutdown(server);
    }
  });

  it('fails when the client leaves mid-body', async () => {
    const { handler, seen } = reading(1024);
    const server = await listen(handler);
    try {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise((connected) => socket.once('connect', connected));
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{"a":');
      setTimeout(() => socket.destroy(), 50);
      const saw = await within(seen, 5_000, 'the read failing');
      if (saw.notOffered) expectFullRequest(saw);
      expect(saw.failed).toMatch(/aborted|closed the connection|terminated/);
    } finally {
      await shutdown(server);
    }
  });

  it('is not offered once the handler took request.body, which then has it all', async () => {
    const seen = signal<{ offered: boolean; streamed: string }>();
    const server = await listen(async (request, platform) => {
      const body = request.body!;
      const offered = platform.readBody!(1024) !== undefined;
      let streamed = '';
      const decoder = new TextDecoder();
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>)
        streamed += decoder.decode(chunk, { stream: true });
      seen.resolve({ offered, streamed });
      return new Response('streamed');
    });
    try {
      await send(server, { body: ['[{"a":', '1}]'] });
      expect(await within(seen.promise, 5_000, 'the handler')).toEqual({
        offered: false,
        streamed: '[{"a":1}]',
      });
    } finally {
      await shutdown(server);
    }
  });

  it('is not offered for a GET', async () => {
    const { handler, seen } = reading(1024);
    const server = await listen(handler);
    try {
      await send(server, { method: 'GET' });
      expect(await within(seen, 5_000, 'the handler')).toMatchObject({ notOffered: true, bytes: '' });
    } finally {
      await shutdown(server);
    }
  });
});
