import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { handle, streamHandle } from '@csvfn/adapter-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The Lambda test support (AWS sample events, echo and CSV apps) lives beside the adapter's tests.
import { csvApp } from '../../adapter-lambda/test/csvApp.js';
import { echo, fixture } from '../../adapter-lambda/test/events.js';
import { LAMBDA_LIMITS, type LocalLambda, startLocalLambda } from '../src/index.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const client = (lambda: LocalLambda) =>
  new LambdaClient({ endpoint: lambda.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const started: LocalLambda[] = [];
async function start(options: Parameters<typeof startLocalLambda>[0]) {
  const lambda = await startLocalLambda(options);
  started.push(lambda);
  return lambda;
}
afterAll(async () => {
  await Promise.all(started.map((lambda) => lambda.close()));
});

const rows = '[{"name":"Ana"},{"name":"Bo"}]';
const keys = (value: object) => Object.keys(value).sort();

describe('local Lambda: the HTTP front doors build real-shaped events', () => {
  const captured: any[] = [];
  const capture = async (event: any) => {
    captured.push(event);
    return { statusCode: 200, body: 'ok' };
  };
  const cases = [
    ['function-url', 'lambda-urls-request'],
    ['http-api', 'apigw-v2-request-no-authorizer'],
    ['rest-api', 'apigw-request'],
    ['alb', 'alb-lambda-target-request-headers-only'],
    ['alb-multi-value', 'alb-lambda-target-request-multivalue-headers'],
  ] as const;

  for (const [frontDoor, sample] of cases) {
    it(`${frontDoor}: the same fields as AWS's sample event`, async () => {
      const lambda = await start({ handler: capture, frontDoor });
      const response = await fetch(`${lambda.url}/hello?name=me`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'a=1' },
        body: '{"a":1}',
      });
      expect(response.status).toBe(200);
      const event = captured.at(-1);
      const real = fixture(sample);
      // Every top-level field AWS sends is there (the sample may lack ones that depend on the request).
      for (const key of keys(real)) {
        if (!['cookies', 'pathParameters', 'stageVariables', 'routeKey'].includes(key) || key in event) {
          expect(event, `${frontDoor} lacks ${key}`).toHaveProperty(key);
        }
      }
      const optional = ['cookies', 'queryStringParameters', 'body', 'isBase64Encoded'];
      expect(keys(event).filter((key) => !(key in real) && !optional.includes(key))).toEqual([]);
      if (real.requestContext.http)
        expect(keys(event.requestContext.http)).toEqual(keys(real.requestContext.http));
      expect(event.body).toBe('{"a":1}');
      expect(event.isBase64Encoded).toBe(false);
    });
  }

  it('sends non-text and non-UTF-8 bodies base64', async () => {
    const lambda = await start({ handler: capture });
    await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0xff, 0xfe]),
    });
    expect(captured.at(-1)).toMatchObject({ body: '//4=', isBase64Encoded: true });
    await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'abc',
    });
    expect(captured.at(-1)).toMatchObject({ body: 'YWJj', isBase64Encoded: true });
  });
});

describe('local Lambda: handle() behind every front door', () => {
  for (const frontDoor of ['function-url', 'http-api', 'rest-api', 'alb', 'alb-multi-value'] as const) {
    it(`${frontDoor}: converts, and each query option is decoded exactly once`, async () => {
      const lambda = await start({ handler: handle(csvApp), frontDoor });
      const response = await fetch(`${lambda.url}/employee/api?delimiter=%3B&bom=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: rows,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers.get('content-length')).toBe('21');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(Buffer.from(bytes).toString()).toBe('\uFEFFName;\r\nAna;\r\nBo;\r\n');

      const echoLambda = await start({ handler: handle(echo), frontDoor });
      const seen = await (
        await fetch(`${echoLambda.url}/x?filename=a%20b%26c&tag=1&tag=2`, {
          method: 'POST',
          headers: [
            ['content-type', 'text/plain'],
            ['x-repeat', 'a'],
            ['x-repeat', 'b'],
            ['cookie', 'a=1; b=2'],
          ],
          body: 'hi',
        })
      ).json();
      const url = new URL(seen.url);
      expect(url.searchParams.get('filename')).toBe('a b&c');
      expect(url.searchParams.getAll('tag')).toEqual(frontDoor === 'alb' ? ['2'] : ['1', '2']);
      expect(seen.headers.cookie).toBe('a=1; b=2');
      // fetch sends repeated headers as one line, `a, b`.
      expect(seen.headers['x-repeat']).toBe('a, b');
      expect(seen.headers['content-length']).toBe('2');
      expect(seen.platform.provider).toBe('lambda');
      expect(seen.platform.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('answers a function error the way each front door does', async () => {
    const crash = async () => {
      throw new Error('boom');
    };
    const expected = { 'function-url': 502, 'http-api': 500, 'rest-api': 502, alb: 502 } as const;
    for (const [frontDoor, status] of Object.entries(expected)) {
      const lambda = await start({ handler: crash, frontDoor: frontDoor as any });
      const response = await fetch(lambda.url, { method: 'POST', body: '[]' });
      expect(response.status).toBe(status);
      expect(await response.text()).not.toContain('boom');
    }
  });

  it('returns a non-ASCII header as a 400 problem, not a crash', async () => {
    const lambda = await start({ handler: handle(csvApp) });
    const response = await fetch(lambda.url, {
      method: 'POST',
      headers: { 'x-city': Buffer.from('Srīperumbūdūr').toString('latin1') },
      body: rows,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).type).toBe('urn:csvfn:problem:bad-request');
  });
});

describe('local Lambda: payload limits', () => {
  it('uses Lambda’s limits by default', () => {
    expect(LAMBDA_LIMITS).toEqual({ request: 6_291_456, response: 6_291_556, streamedResponse: 209_715_200 });
  });

  it('answers an event over 6 MB with a 413 the client receives (trpc#4886)', async () => {
    const lambda = await start({ handler: handle(csvApp) });
    const response = await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `[${'{"name":"x"},'.repeat(500_000)}{"name":"y"}]`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('counts the event, so a base64 body counts a third larger', async () => {
    const lambda = await start({ handler: handle(csvApp), limits: { request: 4000 } });
    const send = (size: number) =>
      fetch(lambda.url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(size),
      });
    expect((await send(3000)).status).toBe(413);
    expect((await send(1000)).status).toBe(400);
  });

  it('turns a response over the limit into a function error', async () => {
    const big = handle(() => new Response('x'.repeat(2000), { headers: { 'content-type': 'text/csv' } }));
    const lambda = await start({ handler: big, limits: { response: 1000 } });
    expect((await fetch(lambda.url, { method: 'POST', body: '[]' })).status).toBe(502);
    const event = Buffer.from(JSON.stringify(fixture('lambda-urls-request')));
    const output = await client(lambda).send(new InvokeCommand({ FunctionName: 'csvfn', Payload: event }));
    expect(output.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(output.Payload!).toString())).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (1000 bytes).',
    });
  });
});

describe('local Lambda: response streaming through the Function URL', () => {
  let lambda: LocalLambda;
  const encoder = new TextEncoder();
  beforeAll(async () => {
    lambda = await start({
      handler: streamHandle(async (request) => {
        const path = new URL(request.url).pathname;
        if (path === '/empty') return new Response(null, { status: 204, headers: { 'x-empty': 'yes' } });
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (path === '/broken' && sent === 2) return controller.error(new Error('row 3 is invalid'));
            if (sent++ < 5) controller.enqueue(encoder.encode(`row ${sent}\r\n`));
            else controller.close();
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/csv' } });
      }),
    });
  });

  it('streams status, headers and body', async () => {
    const response = await fetch(`${lambda.url}/rows`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe('row 1\r\nrow 2\r\nrow 3\r\nrow 4\r\nrow 5\r\n');
  });

  it('sends the prelude of an empty body (hono#2401)', async () => {
    const response = await fetch(`${lambda.url}/empty`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-empty')).toBe('yes');
  });

  it('cuts the connection when the body fails mid-stream, so the client sees it', async () => {
    // Either the headers got out and the body breaks, or the connection closed first: never a clean end.
    const read = fetch(`${lambda.url}/broken`, { method: 'POST' }).then((response) => response.text());
    await expect(read).rejects.toThrow();
  });

  it('cuts a stream over the streamed-response limit', async () => {
    const small = await start({
      handler: streamHandle(() => new Response('x'.repeat(5000))),
      limits: { streamedResponse: 1000 },
    });
    const read = fetch(small.url, { method: 'POST' }).then((response) => response.arrayBuffer());
    await expect(read).rejects.toThrow();
  });
});

describe('local Lambda: the Invoke API, through @aws-sdk/client-lambda', () => {
  let lambda: LocalLambda;
  let streaming: LocalLambda;
  beforeAll(async () => {
    lambda = await start({
      functionName: 'employees',
      handler: async (event: any) => {
        if (event.crash) throw new TypeError('crashed on purpose');
        return { received: event };
      },
    });
    streaming = await start({ functionName: 'employees', handler: streamHandle(csvApp) });
  });

  it('invokes by name, ARN or qualified name', async () => {
    for (const FunctionName of [
      'employees',
      'employees:$LATEST',
      'arn:aws:lambda:us-east-1:123456789012:function:employees',
      '123456789012:function:employees:prod',
    ]) {
      const output = await client(lambda).send(
        new InvokeCommand({ FunctionName, Payload: Buffer.from('{"a":1}') }),
      );
      expect(output.StatusCode).toBe(200);
      expect(output.ExecutedVersion).toBe('$LATEST');
      expect(JSON.parse(Buffer.from(output.Payload!).toString())).toEqual({ received: { a: 1 } });
    }
  });

  it('reports a function that throws as FunctionError Unhandled', async () => {
    const output = await client(lambda).send(
      new InvokeCommand({ FunctionName: 'employees', Payload: Buffer.from('{"crash":true}') }),
    );
    expect(output.FunctionError).toBe('Unhandled');
    const error = JSON.parse(Buffer.from(output.Payload!).toString());
    expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'crashed on purpose' });
  });

  it('answers an unknown function with ResourceNotFoundException', async () => {
    const call = client(lambda).send(new InvokeCommand({ FunctionName: 'nope' }));
    await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('refuses a payload over 6 MB with 413 RequestEntityTooLargeException', async () => {
    const call = client(lambda).send(
      new InvokeCommand({ FunctionName: 'employees', Payload: Buffer.from(`"${'a'.repeat(6_291_455)}"`) }),
    );
    await expect(call).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      $metadata: { httpStatusCode: 413 },
    });
  });

  it('answers Event and DryRun invocations', async () => {
    const event = await client(lambda).send(
      new InvokeCommand({ FunctionName: 'employees', InvocationType: 'Event' }),
    );
    expect(event.StatusCode).toBe(202);
    const dryRun = await client(lambda).send(
      new InvokeCommand({ FunctionName: 'employees', InvocationType: 'DryRun' }),
    );
    expect(dryRun.StatusCode).toBe(204);
  });

  it('streams a streaming function with InvokeWithResponseStream', async () => {
    const event = fixture('lambda-urls-request');
    event.body = rows;
    event.headers = { 'content-type': 'application/json' };
    const output = await client(streaming).send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'employees',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
    expect(output.ResponseStreamContentType).toBe('application/vnd.awslambda.http-integration-response');
    const chunks: Uint8Array[] = [];
    let complete: unknown;
    for await (const message of output.EventStream!) {
      if (message.PayloadChunk?.Payload) chunks.push(message.PayloadChunk.Payload);
      if (message.InvokeComplete) complete = message.InvokeComplete;
    }
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text).toBe(
      `{"statusCode":200,"headers":{"content-disposition":"attachment; filename=\\"data.csv\\"","content-type":"text/csv; charset=utf-8; header=present"}}${'\0'.repeat(8)}Name,\r\nAna,\r\nBo,\r\n`,
    );
    expect(complete).toEqual({});
  });

  it('streams a buffered function’s result as one chunk, and reports a failure in InvokeComplete', async () => {
    const ok = await client(lambda).send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'employees', Payload: Buffer.from('{"a":2}') }),
    );
    const chunks: Uint8Array[] = [];
    for await (const message of ok.EventStream!)
      if (message.PayloadChunk?.Payload) chunks.push(message.PayloadChunk.Payload);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ received: { a: 2 } });

    const failed = await client(lambda).send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'employees',
        Payload: Buffer.from('{"crash":true}'),
      }),
    );
    const completes: any[] = [];
    for await (const message of failed.EventStream!)
      if (message.InvokeComplete) completes.push(message.InvokeComplete);
    expect(completes).toHaveLength(1);
    expect(completes[0].ErrorCode).toBe('Unhandled');
    expect(JSON.parse(completes[0].ErrorDetails)).toMatchObject({ errorType: 'TypeError' });
  });
});

describe('event-stream framing', () => {
  it('frames a message the way the SDK checks it (CRC-32 of prelude and message)', async () => {
    const { encodeEventMessage } = await import('../src/index.js');
    const { crc32 } = await import('node:zlib');
    const message = encodeEventMessage({ ':event-type': 'PayloadChunk' }, new TextEncoder().encode('hi'));
    const view = new DataView(message.buffer);
    expect(view.getUint32(0)).toBe(message.byteLength);
    expect(view.getUint32(8)).toBe(crc32(message.subarray(0, 8)));
    expect(view.getUint32(message.byteLength - 4)).toBe(crc32(message.subarray(0, message.byteLength - 4)));
  });
});
