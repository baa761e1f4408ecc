import { describe, expect, it, vi } from 'vitest';
import type { RequestLog } from '../src/http/log.js';
import { countBytesIn, originalRequest, type Stats } from '../src/http/requestStats.js';
import { createCsvHandler } from '../src/index.js';

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
  const state = { cancelled: false };
  const bytes = new TextEncoder().encode(text);
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

  it('releases it once read whole', async () => {
    const { stream } = watchedBody('[]');
    const response = await createCsvHandler(quiet)(post('', 'application/json', stream));
    expect(response.status).toBe(200);
    expect(stream.locked).toBe(false);
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

describe('countBytesIn: the counting view of the request', () => {
  const text = '[{"name":"a"}]';
  const counted = () => {
    const original = post('?x=1', 'application/json', watchedBody(text).stream);
    const stats: Stats = {};
    return { original, stats, view: countBytesIn(original, stats) };
  };

  it('is a Request with the original’s method, URL, headers and signal, and a body of its own', () => {
    const { original, view } = counted();
    expect(view).toBeInstanceOf(Request);
    expect(view).not.toBe(original);
    expect(view.method).toBe('POST');
    expect(view.url).toBe('http://x/api?x=1');
    expect(view.headers).toBe(original.headers);
    expect(view.signal).toBe(original.signal);
    expect(view.redirect).toBe(original.redirect);
    expect(view.body).toBeInstanceOf(ReadableStream);
    expect(view.body).not.toBe(original.body);
    expect(view.bodyUsed).toBe(false);
  });

  it('counts the bytes read through its body, and is used after', async () => {
    const { view, stats } = counted();
    expect(stats.bytesIn).toBe(0);
    const reader = view.body!.getReader();
    let read = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      read += new TextDecoder().decode(chunk.value);
    expect(read).toBe(text);
    expect(stats.bytesIn).toBe(text.length);
    expect(view.bodyUsed).toBe(true);
  });

  it.each(['text', 'json', 'arrayBuffer', 'blob'] as const)(
    'reads through %s() like a Request, counting, then refuses a second read',
    async (method) => {
      const { view, stats } = counted();
      const value = await view[method]();
      const asText =
        value instanceof Blob
          ? await value.text()
          : value instanceof ArrayBuffer
            ? new TextDecoder().decode(value)
            : typeof value === 'string'
              ? value
              : JSON.stringify(value);
      expect(asText).toBe(text);
      expect(stats.bytesIn).toBe(text.length);
      expect(view.bodyUsed).toBe(true);
      await expect(view.text()).rejects.toThrow(TypeError);
    },
  );

  it('refuses text() while its body is being read elsewhere, and clone() once it was read', async () => {
    const { view } = counted();
    const reader = view.body!.getReader();
    await expect(view.text()).rejects.toThrow(TypeError);
    await reader.read();
    expect(() => view.clone()).toThrow(TypeError);
  });

  it('clones into a Request that reads the same bytes, counted', async () => {
    const { view, stats } = counted();
    const copy = view.clone();
    expect(copy).toBeInstanceOf(Request);
    expect(await copy.text()).toBe(text);
    expect(await view.text()).toBe(text);
    expect(stats.bytesIn).toBe(text.length);
  });

  it('is what the runtime gave for a GET, a body already locked, or no body', () => {
    const get = new Request('http://x/api');
    expect(countBytesIn(get, {})).toBe(get);
    const locked = post('', 'application/json', watchedBody(text).stream);
    locked.body!.getReader();
    expect(countBytesIn(locked, {})).toBe(locked);
    const empty = new Request('http://x/api', { method: 'POST' });
    expect(countBytesIn(empty, {})).toBe(empty);
  });

  it('gives the rate limiter the runtime’s own request, and logs the bytes read', async () => {
    const original = post('', 'application/json', watchedBody(text).stream);
    const seen: Request[] = [];
    const entries: RequestLog[] = [];
    const handler = createCsvHandler({
      logger: (entry) => entries.push(entry),
      rateLimit: (_key, request) => {
        seen.push(request);
        return { allowed: true };
      },
    });
    const response = await handler(original);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('name\r\na\r\n');
    expect(seen).toEqual([original]);
    expect(seen[0]).toBe(original);
    expect(originalRequest(original)).toBe(original);
    expect(entries[0]?.bytesIn).toBe(text.length);
  });
});

describe('the counted view of a Request whose members sit on a parent prototype', () => {
  // edge-runtime (Vercel's Edge runtime) defines Request as an empty subclass of undici's: its own
  // prototype holds only `constructor`. The view read `method` off nothing there and failed (500).
  it('answers method, url and headers from the parent, and counts the body', async () => {
    const NativeRequest = globalThis.Request;
    class EdgeRequest extends NativeRequest {}
    vi.stubGlobal('Request', EdgeRequest);
    vi.resetModules();
    try {
      const { countBytesIn: count } = await import('../src/http/requestStats.js');
      const request = new EdgeRequest('http://x/api?x=1', {
        method: 'POST',
        body: 'a body of 19 bytes.',
        headers: { 'content-type': 'application/json' },
      });
      const stats: Stats = {};
      const view = count(request, stats);
      expect(view.method).toBe('POST');
      expect(view.url).toBe('http://x/api?x=1');
      expect(view.headers.get('content-type')).toBe('application/json');
      expect(await view.text()).toBe('a body of 19 bytes.');
      expect(stats.bytesIn).toBe(19);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
