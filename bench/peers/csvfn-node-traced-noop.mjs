// peers/csvfn-node-traced.mjs without the SDK: a tracer whose spans record nothing. Every step
// csvfn takes for a traced request still runs (the trace context, the attributes, the step spans,
// the end at the last byte), so its cost against the untraced server is csvfn's own share of the
// tracing cost; the rest is the SDK's.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

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
const tracer = { startSpan: () => span, startActiveSpan: () => undefined };

await serve(createCsvHandler({ schema: employeeSchema, tracer }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
