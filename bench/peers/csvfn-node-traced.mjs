// peers/csvfn-node.mjs with tracing on: the OpenTelemetry SDK registered as an application would
// (NodeTracerProvider: AsyncLocalStorage context, W3C propagator), its spans batched to an exporter
// that drops them, so the figure is csvfn's and the SDK's cost, not a network's.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler, employeeSchema } from '@csvfn/core';
import { trace } from '@opentelemetry/api';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const dropped = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropped)] }).register();

await serve(createCsvHandler({ schema: employeeSchema, tracer: trace.getTracer('bench') }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
