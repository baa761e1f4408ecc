import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type HandlerOptions } from '../src/index.js';

/**
 * Regressions for what fuzzing (conformance/test/fuzz.test.ts) found: each test is the smallest
 * request that once answered differently across targets, or with a 5xx.
 */

// The seed's behaviour: the employee schema, passed explicitly (there is no default schema).
const quiet: HandlerOptions = { logger: false, schema: employeeSchema };

function post(body: BodyInit | null, headers: Record<string, string>) {
  return new Request('http://test.local/api', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
}

const emptyStream = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });

describe('an empty body marked Content-Encoding: gzip', () => {
  // Node, Workers and Vercel hand the handler an empty stream; Lambda and a bare Request hand it
  // no body at all. Both once differed: 400 invalid-gzip against 400 invalid-json (or 200, NDJSON).
  it.each([
    ['no body', () => null],
    ['an empty stream', emptyStream],
    ['an empty byte array', () => new Uint8Array(0)],
  ])(
    'is an empty body whatever the runtime hands over (%s): JSON 400, NDJSON header only',
    async (_, make) => {
      const handler = createCsvHandler(quiet);
      const json = await handler(
        post(make(), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      );
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({ type: 'urn:csvfn:problem:invalid-json' });
      const ndjson = await handler(
        post(make(), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }),
      );
      expect(ndjson.status).toBe(200);
      expect(await ndjson.text()).toBe('Name,Age,Job Title,Badge Number\r\n');
    },
  );

  it('still refuses one byte that is not gzip', async () => {
    const response = await createCsvHandler(quiet)(
      post(new Uint8Array([0x5b]), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'urn:csvfn:problem:invalid-gzip' });
  });
});

describe('a value nested deeper than the stack', () => {
  const depth = 100_000;
  const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const deepObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['schema-less, an array', { schema: false }, `[{"x":${deepArray}}]`],
    ['schema-less, an object', { schema: false }, `[{"x":${deepObject}}]`],
  ] as const)('is a 400, not a 500 (%s)', async (_, options, body) => {
    const response = await createCsvHandler({ ...quiet, ...options })(
      post(body, { 'content-type': 'application/json' }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'urn:csvfn:problem:bad-request',
      detail: 'A value in the body is nested too deeply to be written as CSV.',
    });
  });

  it('is a 400 in a streamed (NDJSON) body too', async () => {
    const response = await createCsvHandler({ ...quiet, schema: false })(
      post(`{"x":${deepArray}}\n`, { 'content-type': 'application/x-ndjson' }),
    );
    expect(response.status).toBe(400);
  });

  it('converts a value nested a few hundred levels deep', async () => {
    const response = await createCsvHandler({ ...quiet, schema: false })(
      post(`[{"x":${'['.repeat(300)}${']'.repeat(300)}}]`, { 'content-type': 'application/json' }),
    );
    expect(response.status).toBe(200);
  });

  it('is logged as a client error, not as a failure', async () => {
    const logs: Array<{ level: string; problem?: string }> = [];
    await createCsvHandler({ schema: false, logger: (entry) => logs.push(entry) })(
      post(`[{"x":${deepArray}}]`, { 'content-type': 'application/json' }),
    );
    expect(logs[0]).toMatchObject({ level: 'info', problem: 'urn:csvfn:problem:bad-request' });
  });
});

describe('an empty Origin header', () => {
  // workerd drops an empty header value; Node, Lambda and a bare Request keep it. The answer
  // once differed by a `Vary: Origin`.
  it('is no Origin at all', async () => {
    const handler = createCsvHandler({ ...quiet, cors: { origins: ['https://app.example'] } });
    const withEmpty = await handler(post('[]', { 'content-type': 'application/json', origin: '' }));
    const without = await handler(post('[]', { 'content-type': 'application/json' }));
    expect(withEmpty.headers.get('vary')).toBeNull();
    expect([...withEmpty.headers.keys()].sort()).toEqual([...without.headers.keys()].sort());
  });
});

describe('a body marked gzip that is not gzip at all, and over the limit', () => {
  // Node's decompressor reports bad data from another thread, after more input was taken in:
  // streamed in pieces, such a body once got a 413 on Node and a 400 on Workers.
  it('is a 400 invalid-gzip as soon as its first bytes are in, however it is cut', async () => {
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 256 });
    const text = new TextEncoder().encode(`[${'{"name":"x"},'.repeat(40)}{}]`); // 522 bytes, not gzip
    // Pieces up to the limit: a first piece over it is a 413 before anything is inflated.
    for (const pieces of [256, 174, 131, 33, 1]) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < text.length; at += pieces) controller.enqueue(text.slice(at, at + pieces));
          controller.close();
        },
      });
      const response = await handler(
        post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ type: 'urn:csvfn:problem:invalid-gzip' });
    }
  });

  it('still checks a magic number split across pieces', async () => {
    const { gzipSync } = await import('node:zlib');
    const packed = gzipSync('[]');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of packed) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const response = await createCsvHandler(quiet)(
      post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    );
    expect(response.status).toBe(200);
  });
});
