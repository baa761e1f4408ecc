import { gzipSync } from 'node:zlib';
import { limits as azureLimits } from '@csvfn/adapter-azure';
import { limits as gcfLimits } from '@csvfn/adapter-gcf';
import { handle, limits as lambdaLimits, streamHandle } from '@csvfn/adapter-lambda';
import { limits as netlifyLimits } from '@csvfn/adapter-netlify';
import { limits as nodeLimits } from '@csvfn/adapter-node';
import { limits as vercelLimits } from '@csvfn/adapter-vercel';
import { limits as workersLimits } from '@csvfn/adapter-workers';
import { createCsvHandler } from '@csvfn/core';
import { startLocalLambda } from '@csvfn/lambda-local';
import { describe, expect, it } from 'vitest';
import { ORDERS_HEADER, ordersExport } from '../src/ordersExport.js';
import type { Target } from '../src/target.js';
import { bunTarget } from '../src/targets/bun.js';
import { denoTarget } from '../src/targets/deno.js';
import { gcfTarget } from '../src/targets/gcf.js';
import { nodeTarget } from '../src/targets/node.js';
import { workersTarget } from '../src/targets/workers.js';

/** Lambda's buffered cap, the figure in its own error message. */
const LAMBDA_RESULT_CAP = 6_291_556;
const ndjson = { 'content-type': 'application/x-ndjson' };

/**
 * The case: three string cells full of `"`, 3.9 MB of JSON (under the 4 MiB default).
 * Each quote is `\"` in the body, `""` in the CSV, and `\"\"` in the result's JSON: 7.8 MB.
 */
function quotesBody(): string {
  const cell = `"${'\\"'.repeat(650_000)}"`;
  return `[{"a":${cell},"b":${cell},"c":${cell}}]`;
}

describe('Lambda, buffered: a body inside the limits never gets a result Lambda refuses', () => {
  const app = createCsvHandler({ schema: false, logger: false });

  it('the quotes body: the CSV would serialize to 7.8 MB, so the answer is 413 response-too-large', async () => {
    const body = quotesBody();
    expect(body.length).toBeGreaterThan(3_900_000);
    expect(body.length).toBeLessThan(4 * 1024 * 1024);
    // Before: the handler's 200, as a Function URL result, is over the cap (the client got a 502).
    const json = { 'content-type': 'application/json' };
    const direct = await app(new Request('https://fn/', { method: 'POST', headers: json, body }));
    expect(direct.status).toBe(200);
    const csv = await direct.text();
    const before = Buffer.byteLength(JSON.stringify({ statusCode: 200, headers: {}, body: csv }));
    expect(before).toBeGreaterThan(7_800_000);

    // Sent gzip-compressed (the event is then a few KB of base64), so it reaches the function.
    const compressed = gzipSync(body);
    const lambda = await startLocalLambda({ handler: handle(app) });
    try {
      const send = (acceptEncoding: string) =>
        fetch(lambda.url, {
          method: 'POST',
          headers: { ...json, 'content-encoding': 'gzip', 'accept-encoding': acceptEncoding },
          body: compressed,
        });
      const response = await send('identity');
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await response.json();
      expect(problem.type).toBe('urn:csvfn:problem:response-too-large');
      expect(problem.maxBytes).toBe(LAMBDA_RESULT_CAP);
      expect(problem.detail).toMatch(/Accept-Encoding: gzip.*streamHandle/);

      // The same body, gzip accepted: a 200, the CSV intact.
      const gzipped = await send('gzip');
      expect(gzipped.status).toBe(200);
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(await gzipped.text()).toBe(csv);

      // Sent as it is, the body never reaches the function: the event escapes each `\"` again.
      const plain = await fetch(lambda.url, { method: 'POST', headers: json, body });
      expect(plain.status).toBe(413);
      expect(await plain.json()).toEqual({ message: 'Request Entity Too Large' });
    } finally {
      await lambda.close();
    }
  });

  it('request side: escaping inside the event JSON pushes a 3.5 MB body over the 6 MB event cap', async () => {
    // 1.75 M escaped quotes: 3.5 MB of body, 7 MB once the event's JSON escapes `\` and `"` again.
    const body = `[{"a":"${'\\"'.repeat(1_750_000)}"}]`;
    expect(body.length).toBeLessThan(lambdaLimits.requestBodyBytes! * 0.6);
    const raised = createCsvHandler({ schema: false, maxBodyBytes: 16 * 1024 * 1024, logger: false });
    const lambda = await startLocalLambda({ handler: streamHandle(raised) });
    try {
      const headers = { 'content-type': 'application/json' };
      const response = await fetch(lambda.url, { method: 'POST', headers, body });
      // Lambda's own refusal, before csvfn runs: streaming lifts only the response cap.
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    } finally {
      await lambda.close();
    }
  });
});

describe('a 50,000-row NDJSON orders export (about 10 MB), maxBodyBytes raised', () => {
  const body = ordersExport();
  const send = { method: 'POST', path: '/bulk/api', headers: ndjson, body };

  it('is about 10 MB: over the default 4 MiB, and over Lambda’s and Vercel’s request caps', () => {
    expect(body.byteLength).toBeGreaterThan(9_000_000);
    expect(body.byteLength).toBeLessThan(12_000_000);
    expect(body.byteLength).toBeGreaterThan(lambdaLimits.requestBodyBytes!);
  });

  const homes: Target[] = [nodeTarget, workersTarget, denoTarget, bunTarget, gcfTarget];
  for (const target of homes) {
    it(`${target.name}: converts every row`, async () => {
      const running = await target.start();
      try {
        const response = await running.send(send);
        expect(response.status).toBe(200);
        const lines = new TextDecoder().decode(response.body).split('\r\n');
        expect(lines[0]).toBe(ORDERS_HEADER);
        expect(lines[1]).toMatch(/^ORD-0000001,Customer 1,customer1@example.com,SKU-7919,2,1,EUR,shipped,/);
        expect(lines.at(-2)).toMatch(/^ORD-0050000,/);
        expect(lines).toHaveLength(50_002); // header, 50,000 rows, and the empty string after the last CRLF
      } finally {
        await running.close();
      }
    });
  }

  it('Lambda, even with response streaming: the front door refuses the 10 MB event (413)', async () => {
    const raised = createCsvHandler({ schema: false, maxBodyBytes: 16 * 1024 * 1024, logger: false });
    const lambda = await startLocalLambda({ handler: streamHandle(raised) });
    try {
      const response = await fetch(lambda.url, {
        method: 'POST',
        headers: ndjson,
        body: body as Uint8Array<ArrayBuffer>,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    } finally {
      await lambda.close();
    }
  });

  it('Lambda with response streaming takes it gzip-compressed: the event carries it as base64', async () => {
    const raised = createCsvHandler({ schema: false, maxBodyBytes: 16 * 1024 * 1024, logger: false });
    const lambda = await startLocalLambda({ handler: streamHandle(raised) });
    try {
      const compressed = gzipSync(body);
      // base64 grows it by a third, and it still fits the 6 MiB event.
      expect(Math.ceil(compressed.byteLength / 3) * 4).toBeLessThan(lambdaLimits.requestBodyBytes!);
      const response = await fetch(lambda.url, {
        method: 'POST',
        headers: { ...ndjson, 'content-encoding': 'gzip', 'accept-encoding': 'identity' },
        body: compressed,
      });
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\r\n');
      expect(lines[0]).toBe(ORDERS_HEADER);
      expect(lines).toHaveLength(50_002);
    } finally {
      await lambda.close();
    }
  });
});

describe('each adapter exports its platform limits, as docs/limits.md states them', () => {
  const MB = 1_000_000;
  const MiB = 1024 * 1024;
  const homes = {
    lambda: [
      lambdaLimits,
      { requestBodyBytes: 6 * MiB, bufferedResponseBytes: 6_291_556, streamedResponseBytes: 200 * MiB },
    ],
    vercel: [vercelLimits, { requestBodyBytes: 4.5 * MB, bufferedResponseBytes: 4.5 * MB }],
    netlify: [
      netlifyLimits,
      { requestBodyBytes: 6 * MB, bufferedResponseBytes: 6 * MB, streamedResponseBytes: 20 * MB },
    ],
    gcf: [
      gcfLimits,
      { requestBodyBytes: 32 * MB, bufferedResponseBytes: 32 * MB, streamedResponseBytes: 10 * MB },
    ],
    azure: [azureLimits, { requestBodyBytes: 100 * MB, timeoutSeconds: 230 }],
    workers: [workersLimits, { requestBodyBytes: 100 * MB, cpuMsPerRequest: 10 }],
    node: [nodeLimits, {}],
  } as const;
  for (const [home, [limits, expected]] of Object.entries(homes)) {
    it(`${home}: the figures, their sources and the day they were read`, () => {
      expect(limits).toMatchObject(expected);
      // Node (and Deno, Bun) has no cap of its own: nothing but where that was read.
      if (home === 'node') expect(Object.keys(limits).sort()).toEqual(['read', 'sources']);
      expect(limits.read).toBe('2026-12-07');
      expect(limits.sources.length).toBeGreaterThan(0);
      for (const source of limits.sources) expect(source).toMatch(/^https:\/\//);
    });
  }
});
