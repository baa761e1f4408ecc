import { gzipSync } from 'node:zlib';
import { handle } from '@csvfn/adapter-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { csvApp } from '../../adapter-lambda/test/csvApp.js';
import { type LocalLambda, type LocalLambdaOptions, startLocalLambda } from '../src/index.js';

const started: LocalLambda[] = [];
async function start(options: LocalLambdaOptions) {
  const lambda = await startLocalLambda(options);
  started.push(lambda);
  return lambda;
}
afterAll(async () => {
  await Promise.all(started.map((lambda) => lambda.close()));
});

const csv = 'Name\r\nAna\r\n';
/** A function whose result is gzip, base64-encoded, as `handle()` used to send it to any door. */
const gzipped = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'text/csv; charset=utf-8', 'content-encoding': 'gzip' },
  body: gzipSync(csv).toString('base64'),
  isBase64Encoded: true,
});
/** Reads the bytes as sent: fetch would gunzip a body marked gzip. */
const rawBody = async (lambda: LocalLambda, headers: Record<string, string> = {}, sent = '[]') => {
  const { request } = await import('node:http');
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = request(`${lambda.url}/`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(sent);
  });
};

describe('local REST API: a new API has no binary media types', () => {
  it('hands a base64 result to the client as its base64 text, headers as declared', async () => {
    const lambda = await start({ handler: gzipped, frontDoor: 'rest-api' });
    const { headers, body } = await rawBody(lambda, { accept: '*/*' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(body.toString()).toBe(gzipSync(csv).toString('base64'));
    expect(body.toString()).toMatch(/^H4sI/);
  });

  it('passes a request body as a UTF-8 string, never base64, whatever its type', async () => {
    const events: any[] = [];
    const capture = async (event: any) => {
      events.push(event);
      return { statusCode: 204 };
    };
    const lambda = await start({ handler: capture, frontDoor: 'rest-api' });
    await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'abc',
    });
    expect(events.at(-1)).toMatchObject({ body: 'abc', isBase64Encoded: false });
    // Bytes that are not UTF-8 do not survive the trip: gzip uploads need binary media types.
    await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array([0x1f, 0x8b, 0x08]),
    });
    expect(events.at(-1)).toMatchObject({ body: '\u001f\uFFFD\b', isBase64Encoded: false });
  });

  it('handle() answers text to a client that accepts gzip: no compression, no base64', async () => {
    const lambda = await start({ handler: handle(csvApp), frontDoor: 'rest-api' });
    const { headers, body } = await rawBody(
      lambda,
      { 'content-type': 'application/json', accept: '*/*', 'accept-encoding': 'gzip, deflate, br' },
      JSON.stringify(Array.from({ length: 200 }, () => ({ name: 'Ada Lovelace' }))),
    );
    expect(headers['content-encoding']).toBeUndefined();
    expect(body.toString()).toBe(`Name,\r\n${'Ada Lovelace,\r\n'.repeat(200)}`);
  });

  it('before: a handle() that compressed for a REST API gave the client base64 text marked gzip', async () => {
    // What handle() did by default until it learnt binaryMediaTypes: the same as saying */*.
    const lambda = await start({
      handler: handle(csvApp, { binaryMediaTypes: ['*/*'] }),
      frontDoor: 'rest-api',
    });
    const { headers, body } = await rawBody(
      lambda,
      { 'content-type': 'application/json', accept: '*/*', 'accept-encoding': 'gzip' },
      JSON.stringify(Array.from({ length: 200 }, () => ({ name: 'Ada Lovelace' }))),
    );
    expect(headers['content-encoding']).toBe('gzip');
    expect(body.toString()).toMatch(/^H4sI[A-Za-z0-9+/]+=*$/);
  });
});

describe('local REST API: binaryMediaTypes set, as a user would on their API', () => {
  it('with */*, decodes a base64 result and sends request bodies base64', async () => {
    const lambda = await start({ handler: gzipped, frontDoor: 'rest-api', binaryMediaTypes: ['*/*'] });
    const { headers, body } = await rawBody(lambda, { accept: 'text/html,*/*' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(body.equals(gzipSync(csv))).toBe(true);
  });

  it('decodes only when the first Accept media type is listed (else the result type without Accept)', async () => {
    const lambda = await start({ handler: gzipped, frontDoor: 'rest-api', binaryMediaTypes: ['text/csv'] });
    const base64 = gzipSync(csv).toString('base64');
    expect((await rawBody(lambda, { accept: 'text/csv, text/html' })).body.toString()).not.toBe(base64);
    expect((await rawBody(lambda, { accept: 'text/html, text/csv' })).body.toString()).toBe(base64);
    expect((await rawBody(lambda, { accept: '*/*' })).body.toString()).toBe(base64);
    // No Accept at all: the result's own Content-Type decides.
    expect((await rawBody(lambda)).body.equals(gzipSync(csv))).toBe(true);
  });

  it('handle() with the same binaryMediaTypes compresses, and the client gets gzip it can read', async () => {
    const lambda = await start({
      handler: handle(csvApp, { binaryMediaTypes: ['*/*'] }),
      frontDoor: 'rest-api',
      binaryMediaTypes: ['*/*'],
    });
    const response = await fetch(lambda.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify(Array.from({ length: 200 }, () => ({ name: 'Ada Lovelace' }))),
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(`Name,\r\n${'Ada Lovelace,\r\n'.repeat(200)}`);
  });
});
