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
  bodyUsed?: boolean;
  locked?: boolean;
}

function reading(maxBytes: number) {
  const seen = signal<Seen>();
  const handler: FetchHandler<NodePlatform> = async (request, platform) => {
    const reading = platform.readBody!(maxBytes);
    if (!reading) {
      try {
        const text = await new Response(request.body).text();
        seen.resolve({ notOffered: true, bytes: text, length: Buffer.byteLength(text) });
      } catch (error) {
        seen.resolve({ notOffered: true, failed: (error as Error).message });
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

describe('platform.readBody', () => {
  it('reads a body sent in pieces (chunked), whole and exact, and the Request counts it used', async () => {
    const { handler, seen } = reading(1024);
    const server = await listen(handler);
    try {
      const answer = await send(server, { body: ['[{"név":', '"Åsa"},', '{"a":1}]'] });
      const saw = await within(seen, 5_000, 'the body read');
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
      expect(saw.notOffered).toBeUndefined();
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

  it('leaves the Request used, as a Request whose body was read: copies and reads refused, a new body taken', async () => {
    const seen = signal<Record<string, string>>();
    const refused = async (attempt: () => unknown) => {
      try {
        await attempt();
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    };
    const server = await listen(async (request, platform) => {
      const bytes = await platform.readBody!(1024)!;
      seen.resolve({
        read: new TextDecoder().decode(bytes),
        copy: await refused(() => new Request(request)),
        clone: await refused(() => request.clone()),
        fetched: await refused(() => fetch(request)),
        text: await refused(() => request.text()),
        replaced: await new Request(request, { body: 'new' }).text(),
      });
      return new Response('read');
    });
    try {
      await send(server, { body: ['[{"a":1}]'] });
      expect(await within(seen.promise, 5_000, 'the handler')).toEqual({
        read: '[{"a":1}]',
        copy: 'TypeError',
        clone: 'TypeError',
        fetched: 'TypeError',
        text: 'TypeError',
        replaced: 'new',
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
