// peers/csvfn-node.mjs with tracing on: the OpenTelemetry SDK's tracer, its spans batched to an
// exporter that drops them, so the figure is csvfn's and the SDK's cost, not a network's. The
// provider is not registered globally: registering the Node SDK also turns on its AsyncLocalStorage
// context manager, which slows every promise on Node 20 whoever traces (measured apart, in
// docs/telemetry.md).
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const dropped = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropped)] });
if (process.env.CSVFN_BENCH_REGISTER === '1') provider.register();

await serve(createCsvHandler({ schema: employeeSchema, tracer: provider.getTracer('bench') }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
