// server.mjs, traced: each request's span goes over OTLP/HTTP to $OTEL_EXPORTER_OTLP_ENDPOINT
// (default http://localhost:4318), e.g. an OpenTelemetry Collector, Jaeger or Grafana Tempo.
// A file of its own, so that server.mjs (and its bundle) carries no OpenTelemetry SDK.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { shutdown, tracer } from './tracing.mjs';

const port = Number(process.env.PORT ?? 3000);
const server = await serve(createCsvHandler({ schema: employeeSchema, tracer }), { port });
console.log(`csvfn is serving the employee converter, traced, at POST http://localhost:${server.port}/api`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await server.close();
    // The last batch of spans goes out before the process ends.
    await shutdown();
    process.exit(0);
  });
}
