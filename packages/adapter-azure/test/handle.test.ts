import { app, HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { describe, expect, it, vi } from 'vitest';
import { type AzurePlatform, handle, registerFunction } from '../src/index.js';

// The @azure/functions v4 classes themselves, as the worker builds and reads them. (The Functions
// host cannot run here; the conformance suite drives the same classes with every case.)
const context = () => new InvocationContext({ invocationId: 'inv-1', functionName: 'csv' });
const post = (body: string, headers: Record<string, string> = {}) =>
  new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api?x=1',
    headers: { 'content-type': 'application/json', ...headers },
    body: { string: body },
  });

describe('handle', () => {
  it('passes the request on and the answer back, the body as a stream', async () => {
    const init = await handle(async (request) => {
      expect(request.url).toBe('http://localhost:7071/api?x=1');
      expect(request.headers.get('content-type')).toBe('application/json');
      return new Response(`got ${await request.text()}`, { status: 201, headers: { 'x-a': '1' } });
    })(post('[1]'), context());
    expect(init.body).toBeInstanceOf(ReadableStream);
    const response = new HttpResponse(init);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-a')).toBe('1');
    expect(await response.text()).toBe('got [1]');
  });

  it('moves each Set-Cookie into cookies, as the host keeps one value per header', async () => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly; Secure; SameSite=lax');
    headers.append('set-cookie', 'b=x%20y; Max-Age=60; Domain=example.com');
    const init = await handle(() => new Response(null, { status: 204, headers }))(post('[]'), context());
    expect(init.cookies).toEqual([
      { name: 'a', value: '1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' },
      { name: 'b', value: 'x%20y', maxAge: 60, domain: 'example.com' },
    ]);
    expect(new HttpResponse(init).headers.has('set-cookie')).toBe(false);
  });

  it('gives the handler the invocation id, the client address (port dropped), request and context', async () => {
    let platform: AzurePlatform | undefined;
    const request = post('[]', { 'x-forwarded-for': '203.0.113.7:52110, 10.0.0.1' });
    const ctx = context();
    await handle((_, seen) => {
      platform = seen;
      return new Response('');
    })(request, ctx);
    expect(platform).toMatchObject({ provider: 'azure', requestId: 'inv-1', clientAddress: '203.0.113.7' });
    expect(platform?.request).toBe(request);
    expect(platform?.context).toBe(ctx);
  });
});

describe('registerFunction', () => {
  it('registers an anonymous HTTP function for every method the handler may answer', () => {
    const http = vi.spyOn(app, 'http').mockImplementation(() => {});
    registerFunction('csv', () => new Response(''), { route: 'api' });
    expect(http).toHaveBeenCalledWith('csv', {
      authLevel: 'anonymous',
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
      route: 'api',
      handler: expect.any(Function),
    });
    http.mockRestore();
  });
});
