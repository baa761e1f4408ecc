import { describe, expect, it } from 'vitest';
import type { RequestLog } from '../src/http/log.js';
import { createCsvHandler, type HandlerOptions } from '../src/index.js';

const quiet = { logger: false as const };

function post(query: string, contentType: string, body: ReadableStream<Uint8Array>) {
  return new Request(`http://x/api${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
    duplex: 'half',
  } as RequestInit);
}

/** A body in 64-byte chunks that records whether it was cancelled. */
function watchedBody(text: string) {
  return watchedBytes(new TextEncoder().encode(text));
}

function watchedBytes(bytes: Uint8Array) {
  const state = { cancelled: false };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64));
      offset += 64;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('the runtime’s request body after the answer (the wrangler dev stall)', () => {
  it.each([
    ['a 415', '', 'text/plain'],
    ['a 400 for a bad query option', '?delimiter=xx', 'application/json'],
    ['a 406-free 400 for a bad filename', '?filename=%2F%2F', 'application/json'],
  ])('leaves it unlocked after %s, which never reads it', async (_, query, type) => {
    const { stream } = watchedBody('[{"name":"a"}]');
    const response = await createCsvHandler(quiet)(post(query, type, stream));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(stream.locked).toBe(false);
  });

  it('leaves it read to its end, uncancelled, once read whole (as `arrayBuffer()` leaves a body: nothing is left to drain)', async () => {
    const { stream, state } = watchedBody(`[${'{"name":"a"},'.repeat(20)}{}]`);
    const response = await createCsvHandler(quiet)(post('', 'application/json', stream));
    expect(response.status).toBe(200);
    expect((await response.text()).split('\r\n').slice(0, 3)).toEqual(['name', 'a', 'a']);
    expect(state.cancelled).toBe(false);
    expect(stream.locked).toBe(true);
  });

  it('releases it, uncancelled, when the answer stops reading part-way (a 413), for the runtime to drain', async () => {
    const { stream, state } = watchedBody(`[${'{"name":"a"},'.repeat(100)}{}]`);
    const response = await createCsvHandler({ ...quiet, maxBodyBytes: 100 })(
      post('', 'application/json', stream),
    );
    expect(response.status).toBe(413);
    expect(stream.locked).toBe(false);
    expect(state.cancelled).toBe(false);
  });
});

describe('bytesIn: counted by the body reader, as the bytes came', () => {
  const text = '[{"name":"a"}]';
  const logged = async (request: Request, options: HandlerOptions = {}) => {
    const entries: RequestLog[] = [];
    const response = await createCsvHandler({ ...options, logger: (entry) => entries.push(entry) })(request);
    await response.arrayBuffer();
    return { status: response.status, entries };
  };

  it('logs the body’s length once read, with the runtime’s own request given to the rate limiter', async () => {
    const original = post('', 'application/json', watchedBody(text).stream);
    const seen: Request[] = [];
    const { status, entries } = await logged(original, {
      rateLimit: (_key, request) => {
        seen.push(request);
        return { allowed: true };
      },
    });
    expect(status).toBe(200);
    expect(seen[0]).toBe(original);
    expect(entries[0]?.bytesIn).toBe(14);
  });

  it('logs the compressed length of a gzip body, and releases the body uncancelled', async () => {
    const { gzipSync } = await import('node:zlib');
    const packed = new Uint8Array(gzipSync(text));
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(packed);
        controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://x/api', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      duplex: 'half',
    } as RequestInit);
    const { status, entries } = await logged(request);
    expect(status).toBe(200);
    expect(entries[0]?.bytesIn).toBe(packed.byteLength);
    expect(stream.locked).toBe(false);
    expect(cancelled).toBe(false);
  });

  it('releases a gzip body, uncancelled, when a 413 stops reading it part-way', async () => {
    const { gzipSync } = await import('node:zlib');
    const packed = new Uint8Array(gzipSync(`[${'{"name":"a"},'.repeat(2_000)}{}]`));
    const { stream, state } = watchedBytes(packed);
    const request = new Request('http://x/api', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      duplex: 'half',
    } as RequestInit);
    const { status } = await logged(request, { maxBodyBytes: 1_000 });
    expect(status).toBe(413);
    // The pipe lets go once the reader is cancelled: give it its turn.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stream.locked).toBe(false);
    expect(state.cancelled).toBe(false);
  });

  it('logs 0 for a body the answer never reads (a 415), and nothing for a GET', async () => {
    expect((await logged(post('', 'text/plain', watchedBody(text).stream))).entries[0]?.bytesIn).toBe(0);
    const get = await logged(new Request('http://x/api'));
    expect(get.status).toBe(405);
    expect(get.entries[0]?.bytesIn).toBeUndefined();
  });
});

describe('a body the adapter reads itself (platform.readBody)', () => {
  const rows = '[{"a":1,"b":"x"},{"a":2,"b":"y"}]';
  const json = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request('http://x/api', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  /** A platform whose adapter hands over `bytes` itself, recording the limit it was asked for. */
  function platformReading(read: (maxBytes: number) => Promise<Uint8Array> | undefined) {
    const asked: number[] = [];
    return {
      asked,
      platform: {
        provider: 'test',
        readBody: (maxBytes: number) => {
          asked.push(maxBytes);
          return read(maxBytes);
        },
      },
    };
  }

  it('converts the bytes the adapter read, not the Request’s body, and counts them in', async () => {
    const logs: RequestLog[] = [];
    const handler = createCsvHandler({ maxBodyBytes: 4096, logger: (entry) => logs.push(entry) });
    const { asked, platform } = platformReading(async () => new TextEncoder().encode(rows));
    const response = await handler(json('[{"never":"read"}]'), platform);
    expect(await response.text()).toBe('a,b\r\n1,x\r\n2,y\r\n');
    expect(asked).toEqual([4096]);
    expect(logs[0]!.bytesIn).toBe(rows.length);
  });

  it('answers 413 when the adapter read past the limit', async () => {
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 10 });
    const { platform } = platformReading(async () => new Uint8Array(11).fill(0x20));
    const response = await handler(json('[]'), platform);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { type: string }).type).toBe('urn:csvfn:problem:body-too-large');
  });

  it('answers 400 when the adapter could not read the body to its end', async () => {
    const handler = createCsvHandler(quiet);
    const { platform } = platformReading(() => Promise.reject(new Error('aborted')));
    const response = await handler(json('[]'), platform);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { type: string }).type).toBe('urn:csvfn:problem:bad-request');
  });

  it('reads the Request’s body where the adapter cannot', async () => {
    const handler = createCsvHandler(quiet);
    const { asked, platform } = platformReading(() => undefined);
    const response = await handler(json(rows), platform);
    expect(await response.text()).toBe('a,b\r\n1,x\r\n2,y\r\n');
    expect(asked).toHaveLength(1);
  });

  it('is not asked for a gzip body, nor for one whose Content-Length is over the limit', async () => {
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 100 });
    const { asked, platform } = platformReading(async () => new TextEncoder().encode(rows));
    const gzipped = new Uint8Array(
      await new Response(new Blob([rows]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
    const unzipped = await handler(json(gzipped, { 'content-encoding': 'gzip' }), platform);
    expect(await unzipped.text()).toBe('a,b\r\n1,x\r\n2,y\r\n');
    const declared = await handler(json('[]', { 'content-length': '101' }), platform);
    expect(declared.status).toBe(413);
    expect(asked).toEqual([]);
  });
});
