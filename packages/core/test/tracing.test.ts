import type { SentOutcome } from '@csvfn/platform';
import {
  type Context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type Meter, type Tracer } from '../src/index.js';

const SEED = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
// Header 31 + 2, each record 36 + 2: the seed's CSV is 109 bytes.
const SEED_CSV_BYTES = 109;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

function traced(options: Parameters<typeof createCsvHandler>[0] = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const app = createCsvHandler({
    schema: employeeSchema,
    logger: false,
    ...options,
    tracer: provider.getTracer('test'),
  });
  const servers = () => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
  return { app, exporter, servers };
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  // A string body would be sent as text/plain (a 415) without a type of its own.
  const withType = { 'content-type': 'application/json', ...headers };
  return new Request('http://test.local/api', {
    method: 'POST',
    body,
    headers: withType,
    duplex: 'half',
  } as RequestInit);
}

function only(spans: ReadableSpan[]): ReadableSpan {
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

/** NDJSON whose CSV is well over the 64 KiB the handler holds back, so the answer streams. */
const manyLines = (count: number) =>
  Array.from({ length: count }, (_, i) => `${JSON.stringify({ ...SEED[0], badgeNumber: i })}\n`).join('');

describe('tracing (HandlerOptions.tracer)', () => {
  afterEach(() => {
    propagation.disable();
  });

  it('records one SERVER span for the seed request, a child of its traceparent, ended once the answer is read', async () => {
    const { app, servers } = traced();
    const response = await app(
      post(JSON.stringify(SEED), {
        'content-type': 'application/json',
        traceparent: TRACEPARENT,
        'user-agent': 'ua/1',
      }),
    );
    expect(response.status).toBe(200);
    // Headers are out, the body is not read: the span is still open.
    expect(servers()).toHaveLength(0);
    expect(await response.text()).toHaveLength(SEED_CSV_BYTES);
    const span = only(servers());
    expect(span.name).toBe('POST');
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'url.path': '/api',
      'user_agent.original': 'ua/1',
      'http.request.body.size': new TextEncoder().encode(JSON.stringify(SEED)).byteLength,
      'http.response.body.size': SEED_CSV_BYTES,
      'csvfn.rows': 2,
      'csvfn.columns': 4,
      'csvfn.input': 'json',
      'faas.coldstart': true,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes the Server-Timing steps child spans of the request span', async () => {
    const { app, exporter } = traced();
    await (await app(post(JSON.stringify(SEED)))).text();
    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const steps = spans.filter((span) => span !== server);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(['read', 'parse', 'convert']).toContain(step.name);
      expect(step.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(step.kind).toBe(SpanKind.INTERNAL);
    }
    expect(steps.map((step) => step.name)).toContain('read');
  });

  it('starts no step spans for a request the sampler drops (a caller that did not sample, flags 00)', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const sdkTracer = provider.getTracer('test');
    const started: string[] = [];
    const tracer: Tracer = {
      startSpan: (name, options, context) => {
        started.push(name);
        return sdkTracer.startSpan(name, options, context as Context | undefined);
      },
    };
    const app = createCsvHandler({ schema: employeeSchema, logger: false, tracer });
    // The SDK's default sampler follows the parent: flags 00 means not sampled.
    const response = await app(post(JSON.stringify(SEED), { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` }));
    expect(await response.text()).toBe(
      'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n',
    );
    expect(started).toEqual(['POST']);
    expect(exporter.getFinishedSpans()).toEqual([]);
    // The same handler with a sampled caller makes the steps' spans as well.
    await (await app(post(JSON.stringify(SEED), { traceparent: TRACEPARENT }))).text();
    expect(started.slice(1)).toEqual(['POST', 'read', 'convert']);
  });

  it('keeps the tracestate of the caller', async () => {
    const { app, servers } = traced();
    await (await app(post('[]', { traceparent: TRACEPARENT, tracestate: 'vendor=abc,other=1' }))).text();
    expect(only(servers()).spanContext().traceState?.serialize()).toBe('vendor=abc,other=1');
  });

  it('starts a new trace for a malformed traceparent, and only the second request is a warm start', async () => {
    const { app, servers } = traced();
    await (await app(post('[]', { traceparent: `00-${'0'.repeat(32)}-${PARENT_ID}-01` }))).text();
    await (await app(post('[]'))).text();
    const [first, second] = servers();
    expect(first!.parentSpanContext).toBeUndefined();
    expect(first!.attributes['faas.coldstart']).toBe(true);
    expect(second!.attributes['faas.coldstart']).toBe(false);
  });

  it('continues the trace through the propagator the application registered', async () => {
    // A made-up header that only this propagator reads: the W3C fallback could not find it.
    const getter: TextMapGetter = {
      get: (carrier, key) => carrier.get(key),
      keys: (carrier) => [...carrier.keys()],
    };
    const custom: TextMapPropagator = {
      inject() {},
      fields: () => ['x-parent'],
      extract(context: Context, carrier: unknown, get: TextMapGetter = getter) {
        const value = get.get(carrier, 'x-parent');
        if (typeof value !== 'string') return context;
        const [traceId, spanId] = value.split(':');
        return trace.setSpanContext(context, {
          traceId: traceId!,
          spanId: spanId!,
          traceFlags: 1,
          isRemote: true,
        });
      },
    };
    propagation.setGlobalPropagator(custom);
    const { app, servers } = traced();
    await (
      await app(
        post('[]', {
          'x-parent': `${TRACE_ID}:${PARENT_ID}`,
          traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
        }),
      )
    ).text();
    const span = only(servers());
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(ROOT_CONTEXT).toBeDefined();
  });

  it('gives a 422 its problem type and no error status', async () => {
    const { app, servers } = traced();
    const response = await app(
      post(JSON.stringify([{ ...SEED[0], age: 'old' }]), { 'content-type': 'application/json' }),
    );
    expect(response.status).toBe(422);
    await response.text();
    const span = only(servers());
    expect(span.attributes['http.response.status_code']).toBe(422);
    expect(span.attributes['csvfn.problem.type']).toBe('urn:csvfn:problem:invalid-rows');
    expect(span.attributes['csvfn.rows']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('names the limit that stopped a request', async () => {
    const { app, servers } = traced({ maxBodyBytes: 10 });
    const response = await app(post(JSON.stringify(SEED)));
    expect(response.status).toBe(413);
    await response.text();
    expect(only(servers()).attributes).toMatchObject({
      'csvfn.problem.type': 'urn:csvfn:problem:body-too-large',
      'csvfn.limit': 'maxBodyBytes',
    });
  });

  it('marks a 500 as an error', async () => {
    const { app, servers } = traced({
      rateLimit: () => {
        throw new Error('limiter down');
      },
    });
    const response = await app(post('[]'));
    expect(response.status).toBe(500);
    await response.text();
    const span = only(servers());
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['csvfn.problem.type']).toBe('urn:csvfn:problem:internal');
  });

  it('ends the span of a streamed NDJSON answer the reader cancels, marked aborted', async () => {
    const { app, servers } = traced();
    const response = await app(post(manyLines(5000), { 'content-type': 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(servers()).toHaveLength(0);
    await reader.cancel();
    const span = only(servers());
    expect(span.attributes['csvfn.aborted']).toBe(true);
    expect(span.attributes['csvfn.input']).toBe('ndjson');
    expect(span.attributes['http.response.body.size']).toBe(first.value!.byteLength);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends the span of a whole answer the reader cancels unread, marked aborted, with no bytes read', async () => {
    const { app, servers } = traced();
    const response = await app(post(JSON.stringify(SEED)));
    expect(response.status).toBe(200);
    expect(servers()).toHaveLength(0);
    await response.body!.cancel();
    const span = only(servers());
    expect(span.attributes['csvfn.aborted']).toBe(true);
    expect(span.attributes['http.response.body.size']).toBe(0);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends a streamed answer at its last byte, with every row counted', async () => {
    const { app, servers } = traced();
    const response = await app(post(manyLines(5000), { 'content-type': 'application/x-ndjson' }));
    const text = await response.text();
    const span = only(servers());
    expect(span.attributes['csvfn.rows']).toBe(5000);
    expect(span.attributes['http.response.body.size']).toBe(new TextEncoder().encode(text).byteLength);
  });

  it('marks a streamed answer that failed after its 200 (a truncated answer) as an error', async () => {
    const { app, servers } = traced();
    const body = `${manyLines(5000)}{"name":"x","age":"old","jobTitle":"y","badgeNumber":1}\n`;
    const response = await app(post(body, { 'content-type': 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    const span = only(servers());
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['csvfn.problem.type']).toBe('urn:csvfn:problem:invalid-rows');
  });

  describe('on a platform that reports when the answer went out (platform.onSent)', () => {
    /** A platform whose adapter writes the answer itself, and the listener the handler gave it. */
    function writingPlatform() {
      let listener: ((outcome: SentOutcome) => void) | undefined;
      const platform = {
        provider: 'test',
        onSent: (given: (outcome: SentOutcome) => void) => {
          listener = given;
        },
      };
      return { platform, sent: (outcome: SentOutcome) => listener!(outcome) };
    }

    it('keeps a whole answer as it is, and ends the span when the adapter says it was sent', async () => {
      const { app, servers } = traced();
      const { platform, sent } = writingPlatform();
      const response = await app(post(JSON.stringify(SEED), { traceparent: TRACEPARENT }), platform);
      expect(response.status).toBe(200);
      // Read by the adapter, but not yet written: still open.
      expect(await response.text()).toHaveLength(SEED_CSV_BYTES);
      expect(servers()).toHaveLength(0);
      sent({ bytes: 999 });
      const span = only(servers());
      expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
      // The CSV's own size, as on every home, not the adapter's count (compressed, where it compressed).
      expect(span.attributes['http.response.body.size']).toBe(SEED_CSV_BYTES);
      expect(span.attributes['csvfn.rows']).toBe(2);
      expect(span.attributes['csvfn.aborted']).toBeUndefined();
    });

    it("takes a problem's size from the adapter, and marks an answer the client left before as aborted", async () => {
      const { app, servers } = traced();
      const { platform, sent } = writingPlatform();
      const response = await app(post('[{"name":"x"}'), platform);
      expect(response.status).toBe(400);
      sent({ aborted: true, bytes: 120 });
      const span = only(servers());
      expect(span.attributes['http.response.body.size']).toBe(120);
      expect(span.attributes['csvfn.aborted']).toBe(true);
      expect(span.attributes['csvfn.problem.type']).toBe('urn:csvfn:problem:invalid-json');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('still ends a streamed answer at its last byte read', async () => {
      const { app, servers } = traced();
      const { platform } = writingPlatform();
      const response = await app(post(manyLines(5000), { 'content-type': 'application/x-ndjson' }), platform);
      await response.text();
      expect(only(servers()).attributes['csvfn.rows']).toBe(5000);
    });
  });

  it('takes any API Tracer and Meter as its options (types only)', () => {
    const tracer: Tracer = trace.getTracer('x');
    const meter: Meter = metrics.getMeter('x');
    expect(() => createCsvHandler({ tracer, meter })).not.toThrow();
    expect(() => createCsvHandler({ tracer: {} as Tracer })).toThrow(
      /tracer must be an OpenTelemetry Tracer/,
    );
  });
});

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

describe('metrics (HandlerOptions.meter)', () => {
  it('records the request duration to the last byte, rows and bytes, and rejections by problem type', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const app = createCsvHandler({ schema: employeeSchema, logger: false, meter: provider.getMeter('test') });
    const seed = JSON.stringify(SEED);
    await (await app(post(seed))).text();
    await (await app(post('[{"name":1}]'))).text();
    await (await app(post('[]', { 'content-type': 'text/plain' }))).text();
    const { resourceMetrics } = await reader.collect();
    const found = new Map(
      resourceMetrics.scopeMetrics[0]!.metrics.map((metric) => [metric.descriptor.name, metric]),
    );
    const points = (name: string) =>
      found.get(name)!.dataPoints as { value: unknown; attributes: Record<string, unknown> }[];

    const durations = points('http.server.request.duration');
    expect(found.get('http.server.request.duration')!.descriptor.unit).toBe('s');
    expect(durations.map((point) => point.attributes['http.response.status_code']).sort()).toEqual([
      200, 415, 422,
    ]);
    expect(points('csvfn.rows')).toEqual([expect.objectContaining({ value: 2 })]);
    const bytesIn = points('csvfn.body.in').reduce((sum, point) => sum + (point.value as number), 0);
    expect(bytesIn).toBe(seed.length + '[{"name":1}]'.length);
    const ok = points('csvfn.body.out').find(
      (point) => point.attributes['http.response.status_code'] === 200,
    );
    expect(ok?.value).toBe(SEED_CSV_BYTES);
    const rejections = points('csvfn.rejections')
      .map((point) => [point.attributes['csvfn.problem.type'], point.value])
      .sort();
    expect(rejections).toEqual([
      ['urn:csvfn:problem:invalid-rows', 1],
      ['urn:csvfn:problem:unsupported-media-type', 1],
    ]);
  });
});
