// handle()'s bookkeeping, driven directly in Node; handle.workerd.test.ts runs it in workerd.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FetchHandler, handle } from '../src/index';

const request = () => new Request('https://csvfn.example/api', { method: 'POST' });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('handle()', () => {
  it('builds a factory once per env, and again when env changes', async () => {
    const factory = vi.fn((env: { name: string }) => () => new Response(env.name));
    const worker = handle(factory);
    const envA = { name: 'a' };
    const envB = { name: 'b' };
    expect(await (await worker.fetch(request(), envA)).text()).toBe('a');
    expect(await (await worker.fetch(request(), envA)).text()).toBe('a');
    expect(factory).toHaveBeenCalledTimes(1);
    expect(await (await worker.fetch(request(), envB)).text()).toBe('b');
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('never calls a two-parameter handler with env', async () => {
    const handler = vi.fn(
      (_request: Request, platform?: { provider: string }) => new Response(platform?.provider),
    );
    const worker = handle(handler);
    expect(await (await worker.fetch(request(), {})).text()).toBe('workers');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBeInstanceOf(Request);
  });

  it('takes a zero-parameter factory', async () => {
    const worker = handle(() => () => new Response('built'));
    expect(await (await worker.fetch(request(), {})).text()).toBe('built');
  });

  it('keeps calling a failing factory, so a fixed env can recover, and logs why', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    const factory = vi.fn((env: { KEY?: string }) => {
      if (broken && env.KEY === undefined) throw new Error('KEY is not set');
      return () => new Response('ok');
    });
    const worker = handle(factory);
    const env = {};
    expect((await worker.fetch(request(), env)).status).toBe(500);
    expect((await worker.fetch(request(), env)).status).toBe(500);
    expect(error).toHaveBeenCalledWith(
      'csvfn: unhandled error',
      expect.objectContaining({ message: 'KEY is not set' }),
    );
    broken = false;
    expect(await (await worker.fetch(request(), env)).text()).toBe('ok');
  });

  it('tells a factory that fails on env from a handler by calling it with the Request', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const factory = vi.fn((env: { BAD?: boolean }) => {
      if (env.BAD) throw new Error('bad env');
      return () => new Response('ok');
    });
    const worker = handle(factory);
    expect((await worker.fetch(request(), { BAD: true })).status).toBe(500);
    expect(error).toHaveBeenLastCalledWith(
      'csvfn: unhandled error',
      expect.objectContaining({ message: 'bad env' }),
    );
    expect(await (await worker.fetch(request(), {})).text()).toBe('ok');
  });

  it('answers the generic 500 when a factory returns no function once known as a factory', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let good = true;
    const worker = handle((_env: object) =>
      good ? () => new Response('ok') : (undefined as unknown as FetchHandler),
    );
    expect((await worker.fetch(request(), {})).status).toBe(200);
    good = false;
    const response = await worker.fetch(request(), {});
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
