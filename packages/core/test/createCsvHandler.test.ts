import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type RequestLog } from '../src/index.js';

const row = { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 };
const line = `${JSON.stringify(row)}\n`;
const CSV_ROW = 'John Doe,45,Software Developer,58195\r\n';
const HEADER = 'Name,Age,Job Title,Badge Number\r\n';

/** A request body fed by the test, chunk by chunk; records how much was pulled. */
function feed() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    pull() {
      pulled++;
    },
  });
  return {
    stream,
    push: (bytes: Uint8Array | string) =>
      controller.enqueue(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes),
    end: () => controller.close(),
    get pulled() {
      return pulled;
    },
  };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}, query = '') {
  return new Request(`http://test.local/api${query}`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
}

// The seed's behaviour: the employee schema, passed explicitly (there is no default schema).
const quiet = { logger: false as const, schema: employeeSchema };

describe('bounded body reading', () => {
  it('refuses a Content-Length over the limit without reading the body', async () => {
    const body = feed();
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 10 });
    const response = await handler(
      post(body.stream, { 'content-type': 'application/json', 'content-length': '11' }),
    );
    expect(response.status).toBe(413);
    expect(body.pulled).toBeLessThanOrEqual(1); // the stream's own first pull at construction, nothing read
  });

  it('stops a gzip bomb at the limit, and never takes in more compressed bytes than the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024)); // 200 MiB of zeros in ~200 KiB
    let sent = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bomb.length) return controller.close();
        controller.enqueue(new Uint8Array(bomb.subarray(sent, sent + 1024)));
        sent += 1024;
      },
    });
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 64 * 1024 });
    const response = await handler(
      post(source, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(64 * 1024 + 2048);
  });

  it('refuses a compressed body larger than the limit (incompressible data, no Content-Length)', async () => {
    const noise = gzipSync(randomBytes(256 * 1024).toString('base64')); // valid UTF-8, barely compressible
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 64 * 1024 });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < noise.length; offset += 4096)
          controller.enqueue(new Uint8Array(noise.subarray(offset, offset + 4096)));
        controller.close();
      },
    });
    const response = await handler(
      post(chunked, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    );
    expect(response.status).toBe(413);
  });
});

describe('NDJSON streaming', () => {
  it('handles 1-byte chunks, a UTF-8 character split across chunks and a record longer than a chunk', async () => {
    const text = `${JSON.stringify({ ...row, name: 'Zoë 😀 名' })}\r\n${line}`;
    const bytes = new TextEncoder().encode(text);
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const response = await createCsvHandler(quiet)(post(source, { 'content-type': 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${HEADER}Zoë 😀 名,45,Software Developer,58195\r\n${CSV_ROW}`);
  });

  it('answers before the body has ended, and converts rows as they arrive', async () => {
    const body = feed();
    const handler = createCsvHandler(quiet);
    const pending = handler(post(body.stream, { 'content-type': 'application/x-ndjson' }));
    for (let i = 0; i < 2000; i++) body.push(line); // ~76 KiB of CSV: past the point where the answer starts
    const response = await pending; // resolves although the body is still open
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith(HEADER + CSV_ROW)).toBe(true);
    body.push(line);
    body.end();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    const total = new TextDecoder().decode(first.value) + rest;
    expect(total.split('\r\n').length - 2).toBe(2001);
  });

  it('ends the stream with an error when a row fails after the answer has started', async () => {
    const body = feed();
    const response = await (async () => {
      const pending = createCsvHandler(quiet)(post(body.stream, { 'content-type': 'application/x-ndjson' }));
      for (let i = 0; i < 2000; i++) body.push(line);
      return pending;
    })();
    expect(response.status).toBe(200);
    body.push('{"name": 1}\n');
    body.end();
    const error = await response.text().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    // The platform's late problem: the 422 the row earned, for the adapter to answer or cut on.
    expect(error).toMatchObject({ name: 'LateProblem', status: 422 });
    const problem = JSON.parse((error as { body: string }).body) as { errors: Array<{ pointer: string }> };
    expect(problem.errors[0]!.pointer).toBe('/2000/name');
  });
});

describe('errors and logs', () => {
  it('answers an unexpected failure with a generic 500 and the request id, no stack', async () => {
    const schema = z.object({
      name: z.pipe(
        z.string(),
        z.transform((): string => {
          throw new Error('secret internals /srv/app.js:1:1');
        }),
      ),
    });
    const logs: RequestLog[] = [];
    const handler = createCsvHandler({ schema, logger: (entry) => logs.push(entry) });
    const response = await handler(post('[{"name":"x"}]', { 'content-type': 'application/json' }), {
      provider: 'test',
      requestId: 'req-123',
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      type: 'urn:csvfn:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      requestId: 'req-123',
    });
    expect(logs[0]).toMatchObject({
      level: 'error',
      status: 500,
      requestId: 'req-123',
      error: 'Error: secret internals /srv/app.js:1:1',
    });
  });

  it('logs one line per request without body content, coldStart on the first only', async () => {
    const logs: RequestLog[] = [];
    const handler = createCsvHandler({ schema: employeeSchema, logger: (entry) => logs.push(entry) });
    await handler(post(JSON.stringify([row]), { 'content-type': 'application/json' }), {
      provider: 'node',
      requestId: 'a',
    });
    await handler(post('nope', { 'content-type': 'application/json' }), { provider: 'node', requestId: 'b' });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'a',
      provider: 'node',
      method: 'POST',
      status: 200,
      rows: 1,
      coldStart: true,
    });
    expect(logs[0]!.bytesOut).toBe(HEADER.length + CSV_ROW.length);
    expect(logs[1]).toMatchObject({
      status: 400,
      problem: 'urn:csvfn:problem:invalid-json',
      coldStart: false,
    });
    expect(JSON.stringify(logs)).not.toContain('John Doe');
  });

  it('logs as JSON on the console by default', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await createCsvHandler({ schema: employeeSchema })(post('[]', { 'content-type': 'application/json' }));
      expect(JSON.parse(spy.mock.calls[0]![0] as string)).toMatchObject({ msg: 'request', status: 200 });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('bill guards', () => {
  it('keys the rate limit by API key digest, else by client address, and never sees the key', async () => {
    const keys: string[] = [];
    const handler = createCsvHandler({
      ...quiet,
      apiKeys: ['sk-one'],
      rateLimit: (key) => {
        keys.push(key);
        return { allowed: true };
      },
    });
    await handler(post('[]', { authorization: 'Bearer sk-one', 'content-type': 'application/json' }), {
      provider: 't',
      clientAddress: '10.0.0.1',
    });
    await handler(post('[]', { authorization: 'Bearer wrong', 'content-type': 'application/json' }), {
      provider: 't',
      clientAddress: '10.0.0.1',
    });
    await handler(post('[]', { 'content-type': 'application/json' }));
    expect(keys[0]).toMatch(/^key:[0-9a-f]{16}$/);
    expect(keys.slice(1)).toEqual(['ip:10.0.0.1', 'anonymous']);
  });

  it('cors: true allows any origin', async () => {
    const response = await createCsvHandler({ ...quiet, cors: true })(
      new Request('http://x/api', { method: 'OPTIONS', headers: { origin: 'https://a.example' } }),
    );
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('vary')).toBeNull();
  });

  it('HEAD is a 405 like any other method', async () => {
    const response = await createCsvHandler(quiet)(new Request('http://x/api', { method: 'HEAD' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
