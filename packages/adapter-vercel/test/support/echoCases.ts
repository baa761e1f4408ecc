import type { DevServer } from '@csvfn/harness/vercel';
import { expect, it } from 'vitest';
import { send } from './send.js';

/**
 * What every Vercel style must do with the echo fixture (test/fixtures/echo.ts): deliver the
 * client's bytes exactly, whatever Vercel's helpers did to the request first.
 */
export function echoCases(server: () => DevServer): void {
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    send(server().url, { body, headers });

  it('passes a JSON body through byte for byte', async () => {
    const body = '[{"name":"John Doe","age":45,"jobTitle":"Software Developer","badgeNumber":58195}]';
    const answer = await post(body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(body);
  });

  it('passes invalid JSON through untouched, and the function keeps serving', async () => {
    const answer = await post('[{"name": oops', { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('[{"name": oops');
    expect(server().alive()).toBe(true);
  });

  it('keeps an empty JSON body empty', async () => {
    const answer = await post('', { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
  });

  it('keeps bytes that are not UTF-8, and a byte-order mark', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('[{"n":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]'),
    ]);
    const answer = await post(body, { 'content-type': 'application/json; charset=utf-8' });
    expect(answer.body.equals(body)).toBe(true);
  });

  it.each([
    ['no Content-Type', undefined],
    ['NDJSON', 'application/x-ndjson'],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['octet-stream', 'application/octet-stream'],
    ['+json', 'application/vnd.api+json'],
  ])('passes a body with %s through', async (_name, type) => {
    const body = '{"a":1}\n{"a":2}\n';
    const answer = await post(body, type ? { 'content-type': type } : {});
    expect(answer.body.toString()).toBe(body);
  });

  it('tells the handler it runs on vercel, with x-vercel-id as the request id', async () => {
    const answer = await post('[]', {
      'content-type': 'application/json',
      'x-vercel-id': 'fra1::iad1::a1b2c-1',
    });
    expect(JSON.parse(String(answer.headers['x-platform']))).toMatchObject({
      provider: 'vercel',
      requestId: 'fra1::iad1::a1b2c-1',
    });
  });

  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'])(
    'hands %s to the handler too',
    async (method) => {
      const answer = await send(server().url, { method, path: '/api/created' });
      expect(answer.status).toBe(201);
      expect(answer.headers['x-method']).toBe(method);
    },
  );

  it('keeps each Set-Cookie separate', async () => {
    const answer = await post('[]');
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
  });

  it('survives a handler that stops reading the body early', async () => {
    const answer = await send(server().url, { path: '/api/stop-reading', body: Buffer.alloc(200_000, '[') });
    expect(answer.status).toBe(413);
    expect((await post('[1]')).body.toString()).toBe('[1]');
    expect(server().alive()).toBe(true);
  });

  it('answers a throwing handler with the generic 500 problem, never the error', async () => {
    const answer = await send(server().url, { path: '/api/throw', body: '[]' });
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body.toString()).toBe(
      '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}',
    );
    expect(server().alive()).toBe(true);
  });
}
