import { gzipSync } from 'node:zlib';
import type { SentOutcome } from '@csvfn/platform';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type HandlerOptions, type RequestLog } from '../src/index.js';

const throwingSchema = z.object({
  name: z.pipe(
    z.string(),
    z.transform((): string => {
      throw new Error('boom');
    }),
  ),
});

const row = { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 };

function post(body: BodyInit | null, headers: Record<string, string> = {}, query = '') {
  return new Request(`http://test.local/api${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    duplex: 'half',
  } as RequestInit);
}

function capture(options: HandlerOptions = {}) {
  const logs: RequestLog[] = [];
  return {
    logs,
    handler: createCsvHandler({ schema: employeeSchema, ...options, logger: (entry) => logs.push(entry) }),
  };
}

/** Server-Timing as { name: duration }. */
function timings(response: Response): Record<string, number> {
  const header = response.headers.get('server-timing') ?? '';
  return Object.fromEntries(
    header.split(', ').map((metric) => {
      const [name, dur] = metric.split(';dur=');
      return [name!, Number(dur)];
    }),
  );
}

describe('Server-Timing', () => {
  it('gives read, convert and total for a JSON body read straight into CSV, each a duration in ms', async () => {
    const response = await createCsvHandler({ schema: employeeSchema, logger: false })(
      post(JSON.stringify([row])),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(
      /^read;dur=[\d.]+, convert;dur=[\d.]+, total;dur=[\d.]+$/,
    );
    const t = timings(response);
    expect(t.total).toBeGreaterThanOrEqual(t.read! + t.convert! - 0.01);
  });

  it('gives read, parse, convert and total where the rows are built first (schema-less, nested)', async () => {
    const response = await createCsvHandler({ logger: false })(post(JSON.stringify([row])));
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(
      /^read;dur=[\d.]+, parse;dur=[\d.]+, convert;dur=[\d.]+, total;dur=[\d.]+$/,
    );
    const t = timings(response);
    expect(t.total).toBeGreaterThanOrEqual(t.read! + t.parse! + t.convert! - 0.01);
  });

  it('stops at the step that failed: a 400 has read and total, a 422 also parse and convert', async () => {
    const handler = createCsvHandler({ schema: employeeSchema, logger: false });
    const invalid = await handler(post('[{'));
    expect(invalid.status).toBe(400);
    expect(Object.keys(timings(invalid))).toEqual(['read', 'total']);
    const unfit = await handler(post('[{"name":1}]'));
    expect(unfit.status).toBe(422);
    expect(Object.keys(timings(unfit))).toEqual(['read', 'parse', 'convert', 'total']);
  });

  it('gives total alone when nothing was read (405, 415, OPTIONS) and for NDJSON', async () => {
    const handler = createCsvHandler({ schema: employeeSchema, logger: false });
    for (const request of [
      new Request('http://x/api', { method: 'GET' }),
      new Request('http://x/api', { method: 'OPTIONS' }),
      post('[]', { 'content-type': 'text/plain' }),
      post(`${JSON.stringify(row)}\n`, { 'content-type': 'application/x-ndjson' }),
    ]) {
      expect(Object.keys(timings(await handler(request)))).toEqual(['total']);
    }
  });

  it('is left out with serverTiming: false', async () => {
    const response = await createCsvHandler({ schema: employeeSchema, logger: false, serverTiming: false })(
      post('[]'),
    );
    expect(response.headers.has('server-timing')).toBe(false);
  });

  it("times with the adapter's clock where the platform gives one (platform.now), and reads it once a step", async () => {
    // A clock far from performance.now()'s origin, each reading 10 ms after the last: the start,
    // then read, then convert, then the header's total, then the log's end of the answer.
    let reading = 0;
    const now = () => 1e9 + 10 * reading++;
    const { logs, handler } = capture();
    const response = await handler(post(JSON.stringify([row])), { provider: 'test', now });
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toBe('read;dur=10, convert;dur=10, total;dur=30');
    expect(logs.map((entry) => entry.durationMs)).toEqual([40]);
  });

  it('keeps performance.now() for a traced request, the time base of its span times', async () => {
    // A clock running backwards: a duration read from it would be negative.
    let reading = 0;
    const now = () => -1e9 - 10 * reading++;
    const tracer = { startSpan: () => ({ setAttributes() {}, setStatus() {}, end() {} }) };
    const handler = createCsvHandler({
      schema: employeeSchema,
      logger: false,
      tracer: tracer as unknown as HandlerOptions['tracer'] & object,
    });
    const response = await handler(post(JSON.stringify([row])), { provider: 'test', now });
    expect(response.status).toBe(200);
    const t = timings(response);
    expect(Object.keys(t)).toEqual(['read', 'convert', 'total']);
    for (const duration of Object.values(t)) expect(duration).toBeGreaterThanOrEqual(0);
    expect(reading).toBe(0);
  });

  it('is readable by an allowed cross-origin caller', async () => {
    const response = await createCsvHandler({
      schema: employeeSchema,
      logger: false,
      cors: { origins: ['https://a.example'] },
    })(post('[]', { origin: 'https://a.example' }));
    expect(response.headers.get('access-control-expose-headers')).toContain('Server-Timing');
  });
});

describe('the request log line', () => {
  it('takes the request id from the platform, and counts bytes in (as sent) and out', async () => {
    const { logs, handler } = capture();
    const body = gzipSync(JSON.stringify([row, row]));
    const response = await handler(post(body, { 'content-encoding': 'gzip' }), {
      provider: 'lambda',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    });
    const csv = await response.arrayBuffer();
    expect(logs).toEqual([
      {
        level: 'info',
        msg: 'request',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        provider: 'lambda',
        method: 'POST',
        status: 200,
        rows: 2,
        bytesIn: body.byteLength,
        bytesOut: csv.byteLength,
        durationMs: expect.any(Number),
        coldStart: true,
      },
    ]);
  });

  it.each([
    ['x-vercel-id', 'fra1::iad1::abcde-1700000000000-0123456789ab'],
    ['cf-ray', '8f1c2d3e4a5b6c7d-FRA'],
  ])('keeps a platform id shaped like %s', async (_, id) => {
    const { logs, handler } = capture();
    await handler(post('[]'), { provider: 'p', requestId: id });
    expect(logs[0]!.requestId).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a newline (log forging)', 'id\n{"level":"info"}'],
    ['too long', 'x'.repeat(129)],
    ['non-ASCII', 'idé'],
  ])('replaces a platform id that is %s with a fresh UUID, in the log and in a 500', async (_, id) => {
    // A schema whose transform throws: a failure inside the function, answered with a 500.
    const { logs, handler } = capture({ schema: throwingSchema });
    const response = await handler(post('[{"name":"x"}]'), { provider: 'p', requestId: id });
    expect(response.status).toBe(500);
    const { requestId } = (await response.json()) as { requestId: string };
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs[0]!.requestId).toBe(requestId);
  });

  it('writes a streamed answer’s line when its body ends, with the final row count', async () => {
    const { logs, handler } = capture();
    const lines = `${JSON.stringify(row)}\n`.repeat(3000); // well past the first streamed chunk
    const response = await handler(post(lines, { 'content-type': 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    expect(logs).toHaveLength(0); // not yet: the body is still to come
    const csv = await response.arrayBuffer();
    await Promise.resolve();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ status: 200, rows: 3000, bytesOut: csv.byteLength, level: 'info' });
    expect(logs[0]!.bytesIn).toBe(new TextEncoder().encode(lines).byteLength);
  });

  it('logs a stream that a bad row cut short after its 200 with that problem', async () => {
    const { logs, handler } = capture();
    const lines = `${JSON.stringify(row)}\n`.repeat(3000) + '{"name":1}\n';
    const response = await handler(post(lines, { 'content-type': 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    await response.text().catch(() => {});
    await Promise.resolve();
    expect(logs[0]).toMatchObject({
      status: 200,
      problem: 'urn:csvfn:problem:invalid-rows',
      rows: 3001,
      aborted: true,
      level: 'info',
    });
  });

  it('logs a stream the client abandoned as aborted', async () => {
    const { logs, handler } = capture();
    const lines = `${JSON.stringify(row)}\n`.repeat(5000);
    const response = await handler(post(lines, { 'content-type': 'application/x-ndjson' }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await Promise.resolve();
    expect(logs[0]).toMatchObject({ status: 200, aborted: true });
  });

  describe('on a platform that reports when the answer went out (platform.onSent)', () => {
    /** A platform like Node's adapter: it calls the listeners itself, once the answer is sent. */
    function reportingPlatform() {
      const listeners: ((outcome: SentOutcome) => void)[] = [];
      return {
        platform: {
          provider: 'node',
          onSent: (listener: (outcome: SentOutcome) => void) => listeners.push(listener),
        },
        sent: (outcome: SentOutcome) => {
          for (const listener of listeners) listener(outcome);
        },
      };
    }

    it('writes a whole answer’s line once it was sent, with the time to the answer', async () => {
      const { logs, handler } = capture();
      const { platform, sent } = reportingPlatform();
      const response = await handler(post(JSON.stringify([row, row])), platform);
      const csv = await response.arrayBuffer();
      expect(logs).toHaveLength(0); // read, but not reported sent yet
      await new Promise((later) => setTimeout(later, 150));
      sent({ bytes: csv.byteLength });
      expect(logs).toEqual([
        {
          level: 'info',
          msg: 'request',
          requestId: expect.stringMatching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          ),
          provider: 'node',
          method: 'POST',
          status: 200,
          rows: 2,
          bytesIn: JSON.stringify([row, row]).length,
          bytesOut: csv.byteLength,
          durationMs: expect.any(Number),
          coldStart: true,
        },
      ]);
      // The 150 ms spent sending are not the request's.
      expect(logs[0]!.durationMs).toBeLessThan(150);
    });

    it('marks a whole answer the client left before as aborted', async () => {
      const { logs, handler } = capture();
      const { platform, sent } = reportingPlatform();
      await handler(post('[{"name":1}]'), platform);
      sent({ aborted: true });
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        status: 422,
        problem: 'urn:csvfn:problem:invalid-rows',
        aborted: true,
      });
    });

    it('gives a 500 its request id at once, the same the line later logs', async () => {
      const { logs, handler } = capture({ schema: throwingSchema });
      const { platform, sent } = reportingPlatform();
      const response = await handler(post('[{"name":"x"}]'), platform);
      const { requestId } = (await response.json()) as { requestId: string };
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      sent({});
      expect(logs[0]).toMatchObject({ status: 500, level: 'error', requestId });
    });

    it('still writes a streamed answer’s line at the end of its body, not at the send report', async () => {
      const { logs, handler } = capture();
      const { platform, sent } = reportingPlatform();
      const response = await handler(
        // well past the first streamed chunk: a streamed answer, not a whole one
        post(`${JSON.stringify(row)}\n`.repeat(3000), { 'content-type': 'application/x-ndjson' }),
        platform,
      );
      await response.arrayBuffer();
      await Promise.resolve();
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ status: 200, rows: 3000 });
      sent({});
      expect(logs).toHaveLength(1);
    });
  });

  it('never fails a request because the logger throws', async () => {
    const handler = createCsvHandler({
      logger: () => {
        throw new Error('log sink down');
      },
    });
    expect((await handler(post('[]'))).status).toBe(200);
  });

  it('cuts a long error message short, and never logs a stack', async () => {
    const { logs, handler } = capture({
      rateLimit: () => {
        const error = new Error('x'.repeat(10_000));
        throw error;
      },
    });
    expect((await handler(post('[]'))).status).toBe(500);
    expect(logs[0]!.error!.length).toBeLessThanOrEqual(501 + 'Error: '.length);
    expect(logs[0]!.error).not.toMatch(/\n\s+at /);
  });
});

/** A token no log field would hold by chance (UUIDs and digests are hex; these letters are not). */
const marker = fc.stringMatching(/^[g-z]{12}$/).map((s) => `zq${s}`);

describe('no secret and no body content in a log line', () => {
  it('holds for any request, whatever the body, headers, query or outcome', async () => {
    const secretKey = 'sk-live-zqsecretkeyzq';
    const configs: HandlerOptions[] = [
      {},
      { apiKeys: [secretKey, 'sk-other-zqzqzqzq'] },
      { schema: false },
      { maxBodyBytes: 64, maxRows: 1 },
      { rateLimit: () => ({ allowed: false, retryAfterSeconds: 1 }) },
    ];
    const logs: RequestLog[] = [];
    const handlers = configs.map((options) =>
      createCsvHandler({ schema: employeeSchema, ...options, logger: (entry) => logs.push(entry) }),
    );
    const bodyOf = (m: string) =>
      fc.constantFrom(
        JSON.stringify([{ ...row, name: m }]),
        JSON.stringify([{ [m]: 1 }]),
        JSON.stringify([{ ...row, age: m }]),
        `[{"name":"${m}"`,
        `${m}`,
        `{"name":"${m}"}\n{"${m}":`,
        `"${m}"`,
      );
    await fc.assert(
      fc.asyncProperty(
        marker.chain((m) =>
          fc.record({
            m: fc.constant(m),
            handler: fc.integer({ min: 0, max: handlers.length - 1 }),
            body: bodyOf(m),
            gzip: fc.boolean(),
            contentType: fc.constantFrom(
              'application/json',
              'application/x-ndjson',
              `application/${m}`,
              `application/json; charset=${m}`,
            ),
            authorization: fc.constantFrom(`Bearer ${secretKey}`, `Bearer ${m}`, `Basic ${m}`, ''),
            query: fc.constantFrom('', `?filename=${m}`, `?delimiter=${m}`, `?${m}=1`),
          }),
        ),
        async (input) => {
          logs.length = 0;
          const headers: Record<string, string> = {
            'content-type': input.contentType,
            'x-custom': input.m,
            cookie: `session=${input.m}`,
          };
          if (input.authorization) headers.authorization = input.authorization;
          if (input.gzip) headers['content-encoding'] = 'gzip';
          const body = input.gzip ? gzipSync(input.body) : input.body;
          const response = await handlers[input.handler]!(post(body, headers, input.query), {
            provider: 'test',
            clientAddress: '203.0.113.9',
          });
          const answer = await response.text().catch(() => '');
          await Promise.resolve();
          expect(logs).toHaveLength(1);
          const line = JSON.stringify(logs);
          expect(line).not.toContain(input.m);
          expect(line).not.toContain('zqsecretkeyzq');
          expect(line).not.toContain('203.0.113.9');
          // Nor does any answer echo a configured key.
          expect(answer).not.toContain('zqsecretkeyzq');
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: Number(process.env.CSVFN_FUZZ_RUNS ?? 200) },
    );
  });
});
