import { gunzipSync } from 'node:zlib';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { handle, streamHandle } from '@csvfn/adapter-lambda';
import {
  createInvoker,
  isLoopbackEndpoint,
  LambdaFunctionError,
  ProblemError,
  resolveLambdaConfig,
} from '@csvfn/client/lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvApp } from '../../adapter-lambda/test/csvApp.js';
import { echo } from '../../adapter-lambda/test/events.js';
import { type LocalLambda, startLocalLambda } from '../src/index.js';

const clientConfig = (lambda: LocalLambda) => ({
  endpoint: lambda.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

let buffered: LocalLambda;
let streaming: LocalLambda;
let crashing: LocalLambda;
let echoing: LocalLambda;
beforeAll(async () => {
  [buffered, streaming, crashing, echoing] = await Promise.all([
    startLocalLambda({ functionName: 'employees', handler: handle(csvApp) }),
    startLocalLambda({ functionName: 'employees', handler: streamHandle(csvApp) }),
    startLocalLambda({
      functionName: 'employees',
      handler: async () => {
        throw new RangeError('out of memory, pretend');
      },
    }),
    startLocalLambda({ functionName: 'echo', handler: handle(echo) }),
  ]);
});
afterAll(async () => {
  await Promise.all([buffered, streaming, crashing, echoing].map((lambda) => lambda?.close()));
});

const rows = [{ name: 'Ana' }, { name: 'Bo' }];

describe('createInvoker', () => {
  it('converts rows to CSV through Invoke', async () => {
    const invoker = createInvoker({ functionName: 'employees', clientConfig: clientConfig(buffered) });
    expect(await invoker.convert(rows)).toBe('Name,\r\nAna,\r\nBo,\r\n');
  });

  it('uses a given client, and passes options as query and Accept', async () => {
    const client = new LambdaClient(clientConfig(buffered));
    const invoker = createInvoker({ functionName: 'employees', client });
    expect(await invoker.convert(rows, { delimiter: ';', bom: true })).toBe('\uFEFFName;\r\nAna;\r\nBo;\r\n');
    expect(await invoker.convert(rows, { format: 'tsv' })).toBe('Name\t\r\nAna\t\r\nBo\t\r\n');
  });

  it('sends a v2 event: POST, JSON body, query and headers as given', async () => {
    const invoker = createInvoker({ functionName: 'echo', clientConfig: clientConfig(echoing) });
    const response = await invoker.fetch(
      new Request('https://example.test/employee/api?delimiter=%7C', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        body: '[]',
      }),
    );
    expect(response.status).toBe(200);
    const seen = await response.json();
    expect(seen.method).toBe('POST');
    expect(new URL(seen.url).pathname).toBe('/employee/api');
    expect(new URL(seen.url).searchParams.get('delimiter')).toBe('|');
    expect(seen.headers.authorization).toBe('Bearer k');
    expect(Buffer.from(seen.body, 'base64').toString()).toBe('[]');
    expect(seen.platform).toMatchObject({ provider: 'lambda', requestId: expect.any(String) });
    expect(seen.platform.event.requestContext.http.method).toBe('POST');
    expect(seen.platform.context.functionName).toBe('echo');
  });

  it('sends NDJSON, gzipped, as a base64 body with its Content-Type and Content-Encoding', async () => {
    const invoker = createInvoker({ functionName: 'echo', clientConfig: clientConfig(echoing) });
    // The echo function answers 200 with what it saw, so `convert` returns that JSON as its text.
    const seen = JSON.parse(await invoker.convert(rows, { ndjson: true, gzip: true }));
    expect(seen.headers['content-type']).toBe('application/x-ndjson');
    expect(seen.headers['content-encoding']).toBe('gzip');
    expect(seen.platform.event.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(seen.body, 'base64')).toString()).toBe('{"name":"Ana"}\n{"name":"Bo"}\n');
  });

  it('throws a ProblemError carrying the problem', async () => {
    const invoker = createInvoker({ functionName: 'employees', clientConfig: clientConfig(buffered) });
    const error = await invoker.convert([{ name: 'Ana' }, { age: 3 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(422);
    expect((error as ProblemError).problem).toEqual({
      type: 'urn:csvfn:problem:invalid-rows',
      title: 'invalid-rows',
      status: 422,
      detail: '1 of 2 rows are invalid',
    });
    expect((error as ProblemError).message).toBe('1 of 2 rows are invalid');
  });

  it('reports a failed invocation as a LambdaFunctionError', async () => {
    const invoker = createInvoker({ functionName: 'employees', clientConfig: clientConfig(crashing) });
    const error = await invoker.convert(rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambdaFunctionError);
    expect(error).toMatchObject({
      functionError: 'Unhandled',
      errorType: 'RangeError',
      message: 'out of memory, pretend',
    });
  });

  it('lets SDK errors through: an unknown function', async () => {
    const invoker = createInvoker({ functionName: 'missing', clientConfig: clientConfig(buffered) });
    await expect(invoker.convert(rows)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('streams with InvokeWithResponseStream from a streamHandle function', async () => {
    const invoker = createInvoker({
      functionName: 'employees',
      clientConfig: clientConfig(streaming),
      streaming: true,
    });
    expect(await invoker.convert(rows, { delimiter: '|' })).toBe('Name|\r\nAna|\r\nBo|\r\n');
    await expect(invoker.convert([{}])).rejects.toBeInstanceOf(ProblemError);
    const response = await invoker.fetch(
      new Request('https://x.test/', { method: 'POST', body: JSON.stringify(rows) }),
    );
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(await response.text()).toBe('Name,\r\nAna,\r\nBo,\r\n');
  });

  it('reads a streaming function invoked without streaming (its prelude comes first)', async () => {
    const invoker = createInvoker({ functionName: 'employees', clientConfig: clientConfig(streaming) });
    expect(await invoker.convert(rows)).toBe('Name,\r\nAna,\r\nBo,\r\n');
  });

  it('reports a streaming function that fails as a LambdaFunctionError', async () => {
    const invoker = createInvoker({
      functionName: 'employees',
      clientConfig: clientConfig(crashing),
      streaming: true,
    });
    await expect(invoker.convert(rows)).rejects.toMatchObject({
      name: 'LambdaFunctionError',
      errorType: 'RangeError',
    });
  });
});

describe('createInvoker with only a local endpoint (issue 16)', () => {
  it('converts with clientConfig: { endpoint } alone: region and dummy credentials filled in', async () => {
    const invoker = createInvoker({ functionName: 'employees', clientConfig: { endpoint: buffered.url } });
    expect(await invoker.convert(rows)).toBe('Name,\r\nAna,\r\nBo,\r\n');
  });

  it('fills in nothing for a real AWS endpoint, and keeps what the caller or environment gives', () => {
    const real = { endpoint: 'https://lambda.eu-west-1.amazonaws.com' };
    expect(resolveLambdaConfig(real, {})).toEqual(real);
    expect(resolveLambdaConfig({}, {})).toEqual({});
    const local = { endpoint: 'http://127.0.0.1:9001' };
    expect(resolveLambdaConfig(local, {})).toEqual({
      ...local,
      region: 'us-east-1',
      credentials: { accessKeyId: 'csvfn-local', secretAccessKey: 'csvfn-local' },
    });
    expect(resolveLambdaConfig(local, { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev' })).toEqual({
      ...local,
      region: 'eu-west-1',
    });
    expect(isLoopbackEndpoint('http://localhost:3000')).toBe(true);
    expect(isLoopbackEndpoint('http://[::1]:3000')).toBe(true);
    expect(isLoopbackEndpoint('http://127.0.0.1.example.com')).toBe(false);
  });
});
