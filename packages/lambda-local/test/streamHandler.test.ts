import { Writable } from 'node:stream';
import { streamHandle } from '@csvfn/adapter-lambda';
import { responseFromStream } from '@csvfn/client/lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { context, restEvent, v2Event } from '../../adapter-lambda/test/events.js';
import { LocalResponseStream } from '../src/responseStream.js';
import { emulateAwsLambdaGlobal, isStreaming, startStreaming } from '../src/runtime.js';

/** Runs a streaming handler on the local runtime's response stream; resolves with the raw bytes. */
async function run(handler: any, event: unknown) {
  const { stream, done } = startStreaming(handler, event, context as any);
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream.chunks()) chunks.push(chunk);
  await done;
  return { contentType: stream.contentType, bytes: Buffer.concat(chunks) };
}

async function asResponse(handler: any, event: unknown) {
  const { contentType, bytes } = await run(handler, event);
  return responseFromStream(
    contentType,
    (async function* () {
      yield bytes;
    })(),
  );
}

const csv = 'Name,Age\r\nAna,30\r\n';
const csvHandler = () => new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });

let undo: (() => void) | undefined;
afterEach(() => {
  undo?.();
  undo = undefined;
});

describe('streamHandle off Lambda (no awslambda global)', () => {
  it('can be created without the global and marks itself as streaming', () => {
    expect((globalThis as any).awslambda).toBeUndefined();
    const handler = streamHandle(csvHandler);
    expect(isStreaming(handler as any)).toBe(true);
  });

  it('writes the prelude itself, then the body', async () => {
    const { contentType, bytes } = await run(streamHandle(csvHandler), v2Event());
    expect(contentType).toBe('application/vnd.awslambda.http-integration-response');
    const text = bytes.toString('latin1');
    expect(text).toBe(
      `{"statusCode":200,"headers":{"content-type":"text/csv; charset=utf-8"}}${'\0'.repeat(8)}${csv}`,
    );
  });
});

describe('streamHandle on Lambda (emulated awslambda global)', () => {
  it('wraps itself with awslambda.streamifyResponse and writes through HttpResponseStream', async () => {
    undo = emulateAwsLambdaGlobal();
    const runtime = (globalThis as any).awslambda;
    const streamify = vi.spyOn(runtime, 'streamifyResponse');
    const from = vi.spyOn(runtime.HttpResponseStream, 'from');
    const handler = streamHandle(csvHandler);
    expect(streamify).toHaveBeenCalledOnce();
    const response = await asResponse(handler, v2Event());
    expect(from).toHaveBeenCalledOnce();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe(csv);
  });

  it('sends status and headers even when the body is empty (hono#2401)', async () => {
    undo = emulateAwsLambdaGlobal();
    const redirect = streamHandle(
      () => new Response(null, { status: 302, headers: { location: '/elsewhere' } }),
    );
    const { bytes } = await run(redirect, v2Event());
    expect(bytes.toString('latin1')).toBe(
      `{"statusCode":302,"headers":{"location":"/elsewhere"}}${'\0'.repeat(8)}`,
    );
    const noContent = await asResponse(
      streamHandle(() => new Response(null, { status: 204 })),
      v2Event({ method: 'OPTIONS' }),
    );
    expect(noContent.status).toBe(204);
  });

  it('puts Set-Cookie in the prelude cookies, not in headers', async () => {
    undo = emulateAwsLambdaGlobal();
    const headers = new Headers({ 'content-type': 'text/plain' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const { bytes } = await run(
      // Uncompressed: the REST fixture accepts gzip, and the prelude here is about cookies.
      streamHandle(() => new Response('ok', { headers }), { compress: false }),
      restEvent(),
    );
    const prelude = JSON.parse(bytes.toString('latin1').split('\0')[0]!);
    expect(prelude).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      cookies: ['a=1', 'b=2'],
    });
  });

  it('streams a generic 500 when the handler throws, and a 400 for a non-ASCII header', async () => {
    undo = emulateAwsLambdaGlobal();
    const failing = streamHandle(
      () => {
        throw new Error('secret');
      },
      { onError: () => {} },
    );
    const crashed = await asResponse(failing, v2Event());
    expect(crashed.status).toBe(500);
    expect(await crashed.text()).toBe(
      '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}',
    );
    const bad = await asResponse(streamHandle(csvHandler), v2Event({ headers: { 'x-city': 'Łódź' } }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).type).toBe('urn:csvfn:problem:bad-request');
  });

  it('fails the invocation when the body fails mid-stream, after what was already sent', async () => {
    undo = emulateAwsLambdaGlobal();
    let cancelled = false;
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('Name\r\n'));
        } else controller.error(new Error('row 2 is invalid'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { stream, done } = startStreaming(
      streamHandle(() => new Response(body)) as any,
      v2Event(),
      context as any,
    );
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream.chunks()) received.push(Buffer.from(chunk).toString('latin1'));
      })(),
    ).rejects.toThrow('row 2 is invalid');
    await done;
    expect(received.join('')).toContain('Name\r\n');
    expect(cancelled).toBe(false); // the stream errored itself; nothing left to cancel
  });
});

/** A Lambda-like response stream that takes one chunk at a time, slowly. */
class SlowStream extends Writable {
  maxBuffered = 0;
  finishedAt = -1;
  events: string[] = [];
  contentType = '';
  constructor() {
    super({ highWaterMark: 16 * 1024 });
    this.on('finish', () => this.events.push('finish'));
  }
  setContentType(type: string) {
    this.contentType = type;
  }
  override _write(_chunk: Buffer, _encoding: string, done: () => void) {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    setImmediate(done);
  }
  override _final(done: () => void) {
    // Flushing takes a few turns of the event loop, as a network write would.
    setImmediate(() => setImmediate(() => setImmediate(done)));
  }
}

describe('streamHandle and the response stream', () => {
  it('waits for drain instead of buffering the whole body (hono#5333)', async () => {
    const chunk = new Uint8Array(64 * 1024);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled++ < 32) controller.enqueue(chunk);
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const stream = new SlowStream();
    await streamHandle(() => new Response(body))(v2Event(), stream as any, context);
    expect(pulled).toBe(33);
    // Never more than one chunk past the high-water mark: 2 MiB were not queued at once.
    expect(stream.maxBuffered).toBeLessThanOrEqual(16 * 1024 + 64 * 1024 + 1024);
  });

  it('resolves only after the stream has finished', async () => {
    const stream = new SlowStream();
    await streamHandle(csvHandler)(v2Event(), stream as any, context);
    expect(stream.events).toEqual(['finish']);
    expect(stream.writableFinished).toBe(true);
  });

  it('rejects rather than hangs when the client goes away', async () => {
    const stream = new SlowStream();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
        if (stream.writableLength > 0) stream.destroy();
      },
    });
    await expect(streamHandle(() => new Response(body))(v2Event(), stream as any, context)).rejects.toThrow();
  });
});

describe('LocalResponseStream', () => {
  it('refuses a content type after the first write, as Lambda does', () => {
    const stream = new LocalResponseStream();
    stream.write('x');
    expect(() => stream.setContentType('text/plain')).toThrow('too late');
  });
});
