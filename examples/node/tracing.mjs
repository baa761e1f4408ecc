// The OpenTelemetry SDK for traced.mjs: it batches spans and sends them as OTLP/HTTP (JSON) to
// $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, the address a Collector, Jaeger, Grafana Tempo or
// Honeycomb gives you.
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'csvfn-example-node' }),
  // The exporter reads its endpoint and headers from the standard OTEL_EXPORTER_OTLP_* variables.
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
// Registers the W3C trace-context propagator too: csvfn continues a caller's `traceparent` through it.
provider.register();

/** The tracer to hand to `createCsvHandler({ tracer })`. */
export const tracer = trace.getTracer('csvfn-example-node');

/** Sends the spans still batched; call it before the process exits. */
export const shutdown = () => provider.shutdown();
