import { type CsvHandler, createCsvHandler, type HandlerOptions, type PlatformInfo } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as z from 'zod/mini';

/**
 * The conformance app: one FetchHandler that hosts several configurations of the csvfn handler,
 * picked by the first path segment (`/employee/api`, `/small/api`, …). Every target serves this
 * one module, so a case can exercise any option without a target knowing about options.
 */

/** A schema using every kind of value the contract formats, and labels from `.meta({ title })`. */
export const typedSchema = z.object({
  id: z.int(),
  label: z.string().register(z.globalRegistry, { title: '=Label' }),
  score: z.optional(z.number()),
  active: z.boolean(),
  note: z.nullable(z.string()),
  when: z.optional(
    z.pipe(
      z.string(),
      z.transform((value) => new Date(value)),
    ),
  ),
  extra: z.optional(z.unknown()),
});

// Here, not in a module of its own: `deno serve` runs this file as TypeScript, without the
// `.js` -> `.ts` mapping a relative import would need.
/**
 * The traced conformance app's tracer: the OpenTelemetry SDK, recording in memory inside whatever
 * runtime hosts the app (workerd, Lambda, Deno, Bun, …). Its spans are brought out by a second
 * request, `GET /traced/spans`, through the same adapter: no side channel a runtime might lack.
 */
const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
  'csvfn-conformance',
);

/** A finished span as JSON: what the conformance test checks of it. */
export interface RecordedSpan {
  name: string;
  /** The API's SpanKind: 1 is SERVER, 0 INTERNAL. */
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  /** The API's SpanStatusCode: 0 unset, 2 error. */
  status: number;
}

/** The spans ended since the last call, as JSON, and forgets them. */
export function takeSpans(): Response {
  const spans: RecordedSpan[] = exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: { ...span.attributes },
    status: span.status.code,
  }));
  exporter.reset();
  return Response.json(spans, { headers: { 'cache-control': 'no-store' } });
}

export const apps = {
  employee: {},
  schemaless: { schema: false },
  keyed: { apiKeys: ['test-key-one', 'test-key-two'] },
  small: { maxBodyBytes: 256, maxRows: 3 },
  cors: { cors: { origins: ['https://app.example'], maxAge: 300 } },
  fixed: { delimiter: ';', filename: 'fixed', allowQueryOptions: ['filename'] },
  raw: { escapeFormulas: false },
  typed: { schema: typedSchema },
  // One record per element of `items` (issue 21), schema-less.
  unwound: { schema: false, unwind: ['items'] },
  // Late failures over real sockets (test/framing.test.ts): small enough to pass quickly.
  framing: { maxBodyBytes: 1_048_576 },
  // docs/limits.md: maxBodyBytes raised to take a 10 MB export where the platform does.
  bulk: { schema: false, maxBodyBytes: 16 * 1024 * 1024 },
  // One SERVER span per request, the same on every target (test/tracing.test.ts); GET /traced/spans
  // answers the spans recorded so far.
  traced: { tracer },
  limited: {
    rateLimit: (_key, request) =>
      request.headers.get('x-test-rate') === 'over'
        ? { allowed: false, retryAfterSeconds: 29.2 }
        : { allowed: true },
  },
} satisfies Record<string, HandlerOptions>;

export type AppName = keyof typeof apps;

const handlers = new Map<string, CsvHandler>();

/** The FetchHandler every target hosts. */
export async function conformanceApp(request: Request, platform?: PlatformInfo): Promise<Response> {
  const { pathname } = new URL(request.url);
  const name = pathname.split('/')[1] ?? '';
  if (pathname === '/traced/spans') return takeSpans();
  let handler = handlers.get(name);
  if (!handler) {
    const options = (apps as Record<string, HandlerOptions>)[name];
    if (!options) return new Response('no such conformance app', { status: 404 });
    // The seed's employee schema, passed explicitly, unless the app sets its own (or none).
    handler = createCsvHandler({ schema: employeeSchema, ...options, logger: false });
    handlers.set(name, handler);
  }
  return handler(request, platform);
}

export default conformanceApp;
