import { afterEach, describe, expect, it } from 'vitest';
import type { NodeServer } from '../src/index.js';
import { listen, send, shutdown } from './harness.js';

let server: NodeServer | undefined;
afterEach(() => shutdown(server));

// Serving installs the lean Response as the global one (a fresh server per test keeps it so).
describe('the Response a handler builds on Node', () => {
  it('is a Response with the full Fetch API, and Node’s own Responses are Responses too', async () => {
    server = await listen(() => new Response('x'));
    const lean = new Response('hello', { status: 201, statusText: 'Made', headers: { 'x-one': ' 1 ' } });
    expect(lean instanceof Response).toBe(true);
    expect(Response.json({ a: 1 }) instanceof Response).toBe(true);
    expect([lean.status, lean.statusText, lean.ok, lean.type, lean.url, lean.redirected]).toEqual([
      201,
      'Made',
      true,
      'default',
      '',
      false,
    ]);
    expect([...lean.headers]).toEqual([
      ['content-type', 'text/plain;charset=UTF-8'],
      ['x-one', '1'],
    ]);
    expect(lean.headers instanceof Headers).toBe(true);
    const copy = lean.clone();
    expect(await lean.text()).toBe('hello');
    expect(lean.bodyUsed).toBe(true);
    await expect(lean.text()).rejects.toThrow(TypeError);
    expect(await copy.text()).toBe('hello');
    expect(await new Response(new Uint8Array([104, 105])).text()).toBe('hi');
    expect(await new Response(new Blob(['blob'])).text()).toBe('blob');
    expect(new Response(null, { status: 204 }).body).toBeNull();
  });

  it('refuses what the Fetch API refuses', async () => {
    server = await listen(() => new Response('x'));
    expect(() => new Response('x', { status: 99 })).toThrow(RangeError);
    expect(() => new Response('x', { status: 204 })).toThrow(TypeError);
    expect(() => new Response('x', { headers: { 'bad name': 'v' } })).toThrow(TypeError);
    expect(() => new Response('x', { headers: { ok: 'a\r\nb' } })).toThrow(TypeError);
    expect(() => new Headers([['only-a-name']] as unknown as HeadersInit)).toThrow(TypeError);
  });

  it('goes out whole: status, headers (each Set-Cookie its own line), body and its length', async () => {
    server = await listen(() => {
      const headers = new Headers({ 'content-type': 'text/csv' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      headers.append('x-list', 'a');
      headers.append('x-list', 'b');
      const response = new Response('Name\r\nAda\r\n', { status: 200, statusText: 'Fine', headers });
      response.headers.set('server-timing', 'total;dur=1');
      return response;
    });
    const answer = await send(server, { headers: { 'accept-encoding': 'gzip' }, body: ['x'] });
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.headers['x-list']).toBe('a, b');
    expect(answer.headers['server-timing']).toBe('total;dur=1');
    // Too small to gain from gzip, and its length is known: sent as it is.
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['content-length']).toBe('11');
    expect(answer.body.toString()).toBe('Name\r\nAda\r\n');
  });

  it('sends no body for HEAD, and a body read by the handler’s own code as Node’s Response would', async () => {
    server = await listen(async () => {
      const response = new Response('{"a":1}', { headers: { 'content-type': 'application/json' } });
      const seen = await response.clone().json();
      return new Response(JSON.stringify({ seen }), { headers: { 'content-type': 'application/json' } });
    });
    const head = await send(server, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    const post = await send(server, { body: ['x'] });
    expect(JSON.parse(post.body.toString())).toEqual({ seen: { a: 1 } });
  });
});
