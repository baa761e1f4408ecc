import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedSpan } from '../src/app.js';
import type { RunningTarget } from '../src/target.js';
import { targets } from '../src/targets.js';

// The traced conformance app (`/traced/api`, with the OpenTelemetry SDK recording in memory inside
// the runtime) on every target: the same span shape everywhere, and the platform's attributes.
// Its spans come back through the same adapter, from `GET /traced/spans`.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const SPAN_KIND_SERVER = 1;
const STATUS_UNSET = 0;
const encoder = new TextEncoder();

/** OpenTelemetry's `cloud.provider` each home's adapter reports; none for a server of your own. */
function cloudProviderOf(target: string): string | undefined {
  const prefixes: [string, string][] = [
    ['workers', 'cloudflare'],
    ['vercel', 'vercel'],
    ['lambda', 'aws'],
    ['gcf', 'gcp'],
    ['azure', 'azure'],
    ['netlify', 'netlify'],
  ];
  return prefixes.find(([prefix]) => target.startsWith(prefix))?.[1];
}

describe.each(targets.map((target) => [target.name, target] as const))('traced app on %s', (name, target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start();
  });
  afterAll(async () => {
    await running?.close();
  });

  const spans = async (): Promise<RecordedSpan[]> => {
    const answer = await running.send({ method: 'GET', path: '/traced/spans', headers: {} });
    expect(answer.status).toBe(200);
    return JSON.parse(new TextDecoder().decode(answer.body));
  };

  it('records one SERVER span for the seed request, a child of its traceparent, with the platform’s attributes', async () => {
    await spans();
    const answer = await running.send({
      method: 'POST',
      path: '/traced/api',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
      body: encoder.encode(SEED_BODY),
    });
    expect(answer.status).toBe(200);
    expect(new TextDecoder().decode(answer.body)).toBe(SEED_CSV);

    const recorded = await spans();
    const servers = recorded.filter((span) => span.kind === SPAN_KIND_SERVER);
    expect(servers).toHaveLength(1);
    const [server] = servers;
    expect(server!.name).toBe('POST');
    expect(server!.traceId).toBe(TRACE_ID);
    expect(server!.parentSpanId).toBe(PARENT_ID);
    expect(server!.status).toBe(STATUS_UNSET);
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'url.path': '/traced/api',
      'http.response.body.size': encoder.encode(SEED_CSV).byteLength,
      'csvfn.rows': 2,
      'csvfn.columns': 4,
      'csvfn.input': 'json',
    });
    expect(typeof server!.attributes['faas.coldstart']).toBe('boolean');
    expect(server!.attributes['cloud.provider']).toBe(cloudProviderOf(name));
    if (name.startsWith('lambda')) expect(typeof server!.attributes['faas.invocation_id']).toBe('string');

    const steps = recorded.filter((span) => span !== server);
    expect(steps.map((span) => span.name)).toContain('read');
    for (const step of steps) expect(step.parentSpanId).toBe(server!.spanId);
  });

  it('gives a 422 its problem type and no error status', async () => {
    await spans();
    const answer = await running.send({
      method: 'POST',
      path: '/traced/api',
      headers: { 'content-type': 'application/json' },
      body: encoder.encode(
        '[{"name":"John Doe","age":"old","jobTitle":"Software Developer","badgeNumber":1}]',
      ),
    });
    expect(answer.status).toBe(422);
    const servers = (await spans()).filter((span) => span.kind === SPAN_KIND_SERVER);
    expect(servers).toHaveLength(1);
    expect(servers[0]!.attributes['http.response.status_code']).toBe(422);
    expect(servers[0]!.attributes['csvfn.problem.type']).toBe('urn:csvfn:problem:invalid-rows');
    expect(servers[0]!.status).toBe(STATUS_UNSET);
  });
});
