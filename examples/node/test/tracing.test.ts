import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the OTLP/HTTP JSON exporter sends: one `ExportTraceServiceRequest` per POST to /v1/traces. */
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  status: { code?: number };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
/** OTLP's `SPAN_KIND_SERVER`, and `STATUS_CODE_ERROR`. */
const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;

const received: { path: string; type: string; body: OtlpExport }[] = [];
let collector: Server;
let app: ChildProcess;
let appPort: number;
let output = '';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

/** Waits for what `find` looks for, failing with `what` after 15 s. */
async function waitFor<T>(what: string, find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (app.exitCode !== null)
      throw new Error(`traced.mjs exited (${app.exitCode}) before ${what}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const spans = () =>
  received.flatMap(({ body }) => body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return (
    value && (value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue))
  );
};

beforeAll(async () => {
  // A stand-in for an OpenTelemetry Collector: the OTLP/HTTP receiver on a local port.
  collector = createServer(async (request, response) => {
    received.push({
      path: request.url ?? '',
      type: request.headers['content-type'] ?? '',
      body: JSON.parse(await bodyOf(request)),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const collectorPort = await listen(collector);
  const probe = createServer();
  appPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  app = spawn(process.execPath, ['traced.mjs'], {
    cwd: new URL('..', import.meta.url),
    env: {
      ...process.env,
      PORT: String(appPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      // The batch goes out a tenth of a second after a span ends, not the default five.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (chunk) => (output += chunk));
  app.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor('the server to print its address', () =>
    output.includes(`:${appPort}/api`) ? true : undefined,
  );
});

afterAll(async () => {
  app?.kill('SIGTERM');
  await new Promise((resolve) => collector?.close(resolve));
});

describe('examples/node traced.mjs', () => {
  it('exports the request span over OTLP/HTTP, a child of the caller’s traceparent', async () => {
    const response = await fetch(`http://127.0.0.1:${appPort}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
      body: SEED_BODY,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SEED_CSV);

    const server = await waitFor('the request span at the collector', () =>
      spans().find((span) => span.kind === SPAN_KIND_SERVER),
    );
    expect(received[0]!.path).toBe('/v1/traces');
    expect(received[0]!.type).toMatch(/^application\/json/);
    expect(server.name).toBe('POST');
    expect(server.traceId).toBe(TRACE_ID);
    expect(server.parentSpanId).toBe(PARENT_ID);
    expect(attribute(server, 'http.request.method')).toBe('POST');
    expect(attribute(server, 'http.response.status_code')).toBe(200);
    expect(attribute(server, 'url.path')).toBe('/api');
    expect(attribute(server, 'csvfn.rows')).toBe(2);
    expect(attribute(server, 'csvfn.input')).toBe('json');
    expect(attribute(server, 'http.response.body.size')).toBe(new TextEncoder().encode(SEED_CSV).byteLength);
    expect(attribute(server, 'http.request.body.size')).toBe(new TextEncoder().encode(SEED_BODY).byteLength);
    expect(server.status.code ?? 0).not.toBe(STATUS_CODE_ERROR);
    const resource = received[0]!.body.resourceSpans[0]!.resource.attributes;
    expect(resource.find((a) => a.key === 'service.name')?.value.stringValue).toBe('csvfn-example-node');

    // The steps Server-Timing names, as its children.
    const steps = await waitFor('the step spans', () => {
      const found = spans().filter((span) => span.parentSpanId === server.spanId);
      return found.length > 0 ? found : undefined;
    });
    expect(steps.map((span) => span.name)).toContain('read');
    for (const step of steps) expect(step.traceId).toBe(TRACE_ID);
  });
});
