// The tracing bench's server: one process, four listeners, each the employee handler behind
// @csvfn/adapter-node. Taking turns inside one process, the variants share its heap, JIT and
// memory layout: identical servers in separate processes differed by 6–16% of req/s on this
// machine, more than the 5% being measured.
//   $PORT          no tracer
//   $PORT_SDK      the OpenTelemetry SDK's tracer, spans batched to an exporter that drops them
//   $PORT_NOOP     a tracer whose spans record nothing: every step csvfn takes for a traced
//                  request, none of the SDK's (csvfn's own share of the cost)
//   $PORT_AGAIN    no tracer, a second handler: its "cost" against the first is the run's noise
// The SDK's provider is not registered globally: registering the Node SDK also turns on its
// AsyncLocalStorage context manager, which slows every promise on Node 20 whoever traces (measured
// apart, in docs/telemetry.md).
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const dropped = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const sdkTracer = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropped)] }).getTracer(
  'bench',
);

const spanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: 1,
};
const span = {
  spanContext: () => spanContext,
  setAttribute: () => span,
  setAttributes: () => span,
  addEvent: () => span,
  addLink: () => span,
  addLinks: () => span,
  setStatus: () => span,
  updateName: () => span,
  end: () => {},
  isRecording: () => true,
  recordException: () => {},
};
const noopTracer = { startSpan: () => span, startActiveSpan: () => undefined };

// $PORT last: the bench waits on it, so every other port is listening once it answers.
const listeners = [
  ['PORT_SDK', sdkTracer],
  ['PORT_NOOP', noopTracer],
  ['PORT_AGAIN', undefined],
  ['PORT', undefined],
];
for (const [variable, tracer] of listeners)
  if (process.env[variable])
    await serve(createCsvHandler({ schema: employeeSchema, tracer }), {
      port: Number(process.env[variable]),
      hostname: '127.0.0.1',
    });
