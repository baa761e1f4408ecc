import { describe, expect, it, vi } from 'vitest';
import {
  createPipeline,
  type Exchange,
  type FetchHandler,
  LateProblem,
  type PlatformInfo,
  requestHost,
  UntranslatableRequest,
} from '../src/index.js';

const platform: PlatformInfo = { provider: 'test' };
const post = () => new Request('http://localhost/api', { method: 'POST', body: '[]' });

/** An exchange whose send reads the whole body, as a buffering platform does, and records what it sent. */
function buffered(request = post()): Exchange<PlatformInfo, { status: number; body: string }> & {
  sent: number;
} {
  const exchange = {
    sent: 0,
    translate: () => ({ request, platform }),
    async send(response: Response) {
      exchange.sent++;
      return { status: response.status, body: await response.text() };
    },
  };
  return exchange;
}

/** A 200 whose body gives one chunk, then fails with `error`. */
const failingAfterStart = (error: unknown) =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('Name\r\n'));
        controller.error(error);
      },
    }),
    { headers: { 'content-type': 'text/csv' } },
  );

const lateProblem = () =>
  new LateProblem(422, '{"type":"urn:csvfn:problem:invalid-rows","status":422}', { 'x-from': 'core' });

describe('createPipeline', () => {
  it('gives the handler the translated request and platform, and sends its response', async () => {
    const request = post();
    const handler = vi.fn<FetchHandler>(() => new Response('ok', { status: 201 }));
    const result = await createPipeline(handler)(buffered(request));
    expect(handler).toHaveBeenCalledWith(request, platform);
    expect(result).toEqual({ status: 201, body: 'ok' });
  });

  it('answers a request the Fetch API cannot carry with 400, without calling the handler or onError', async () => {
    const handler = vi.fn<FetchHandler>();
    const onError = vi.fn();
    const exchange = {
      ...buffered(),
      translate(): never {
        throw new UntranslatableRequest();
      },
    };
    const result = await createPipeline(handler, { onError })(exchange);
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:csvfn:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail:
        'The request cannot be represented as a Fetch API Request: its method or a header is not supported.',
    });
    expect(handler).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers a translation that fails otherwise with the generic 500, and reports it once', async () => {
    const onError = vi.fn();
    const bug = new Error('a bug in the adapter');
    const exchange = {
      ...buffered(),
      translate(): never {
        throw bug;
      },
    };
    const result = await createPipeline(() => new Response('ok'), { onError })(exchange);
    expect(result).toEqual({
      status: 500,
      body: '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}',
    });
    expect(onError).toHaveBeenCalledExactlyOnceWith(bug);
  });

  it('holds a response back within holdBytes, so a late failure is answered with its problem', async () => {
    const onError = vi.fn();
    const send = vi.fn(async (response: Response) => response);
    const run = createPipeline(() => failingAfterStart(lateProblem()), { onError, holdBytes: 1024 });
    const response = await run({ translate: () => ({ request: post(), platform }), send });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-from')).toBe('core');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.text()).toBe('{"type":"urn:csvfn:problem:invalid-rows","status":422}');
    expect(send).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers a late failure met while sending with its problem when nothing went out, unlogged', async () => {
    const onError = vi.fn();
    const exchange = buffered();
    const result = await createPipeline(() => failingAfterStart(lateProblem()), { onError })(exchange);
    expect(result).toEqual({ status: 422, body: '{"type":"urn:csvfn:problem:invalid-rows","status":422}' });
    expect(exchange.sent).toBe(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers any other body failure with the generic 500 and reports it once', async () => {
    const onError = vi.fn();
    const failure = new Error('the database went away');
    const result = await createPipeline(() => failingAfterStart(failure), { onError })(buffered());
    expect(result.status).toBe(500);
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
  });

  it('rethrows a body failure once the response has started (the send cut it), reported once', async () => {
    const onError = vi.fn();
    const failure = new Error('the database went away');
    const exchange = { ...buffered(), unsent: () => false };
    const run = createPipeline(() => failingAfterStart(failure), { onError });
    await expect(run(exchange)).rejects.toBe(failure);
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
  });

  it('compresses with the adapter’s compressor, after the hold', async () => {
    const compress = vi.fn((_request: Request, response: Response) => {
      const headers = new Headers(response.headers);
      headers.set('content-encoding', 'test');
      return new Response(response.body, { status: response.status, headers });
    });
    const run = createPipeline(() => new Response('a,b\r\n'), { compress, holdBytes: 1024 });
    const response = await run({ translate: () => ({ request: post(), platform }), send: (r) => r });
    expect(response.headers.get('content-encoding')).toBe('test');
    expect(await response.text()).toBe('a,b\r\n');
    expect(compress).toHaveBeenCalledTimes(1);
  });
});

describe('requestHost', () => {
  it.each([
    ['example.com', 'example.com'],
    ['example.com:8443', 'example.com:8443'],
    ['my_service.internal', 'my_service.internal'],
    ['[::1]:3000', '[::1]:3000'],
    ['127.0.0.1', '127.0.0.1'],
  ])('keeps the plain host %s', (candidate, expected) => {
    expect(requestHost(candidate)).toBe(expected);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['with a path', 'evil.example/x'],
    ['with credentials', 'user:pass@evil.example'],
    ['with a query', 'a.example?x'],
    ['with a space', 'a .example'],
    ['with a port too long', 'a.example:123456'],
  ])('turns a host %s into localhost', (_, candidate) => {
    expect(requestHost(candidate)).toBe('localhost');
  });
});
