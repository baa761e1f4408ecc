// handle()'s bookkeeping, driven directly in Node; handle.workerd.test.ts runs it in workerd.
import { describe, expect, it, vi } from 'vitest';
import { type FetchHandler, handle, type PlatformInfo, type WorkerExecutionContext } from '../src/index.js';

const request = () => new Request('https://csvfn.example/api', { method: 'POST' });
const ctx = (): WorkerExecutionContext => ({ waitUntil: vi.fn(), passThroughOnException: () => {} });
const INTERNAL =
  '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}';

interface Env {
  API_KEY: string;
}

describe('handle()', () => {
  it('hands env and ctx to the handler, typed, and calls it with nothing else', async () => {
    const handler = vi.fn((_request: Request, platform: { env: Env; ctx: WorkerExecutionContext }) => {
      platform.ctx.waitUntil(Promise.resolve());
      return new Response(platform.env.API_KEY);
    });
    const worker = handle<Env>(handler);
    const context = ctx();
    const response = await worker.fetch(request(), { API_KEY: 'k-1' }, context);
    expect(await response.text()).toBe('k-1');
    expect(context.waitUntil).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBeInstanceOf(Request);
  });

  it('infers the platform type for an inline handler', async () => {
    const worker = handle<Env>(
      (_request, platform) => new Response(`${platform.provider}:${platform.env.API_KEY}`),
    );
    expect(await (await worker.fetch(request(), { API_KEY: 'k' }, ctx())).text()).toBe('workers:k');
  });

  it('takes a handler written for any platform, as createCsvHandler() is', async () => {
    const neutral = async (_request: Request, platform?: PlatformInfo) => new Response(platform?.provider);
    expect(await (await handle(neutral).fetch(request(), {}, ctx())).text()).toBe('workers');
  });

  it("logs the platform's one line when no onError is given", async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const worker = handle(() => Promise.reject(new Error('boom')));
      expect((await worker.fetch(request(), {}, ctx())).status).toBe(500);
      expect(log).toHaveBeenCalledWith(
        'csvfn: the handler failed',
        expect.objectContaining({ message: 'boom' }),
      );
    } finally {
      log.mockRestore();
    }
  });
});

describe('handle.withEnv()', () => {
  it('builds the handler once per env object, and again for another env', async () => {
    const factory = vi.fn((env: Env) => () => new Response(env.API_KEY));
    const worker = handle.withEnv(factory);
    const envA = { API_KEY: 'a' };
    const envB = { API_KEY: 'b' };
    expect(await (await worker.fetch(request(), envA, ctx())).text()).toBe('a');
    expect(await (await worker.fetch(request(), envA, ctx())).text()).toBe('a');
    expect(factory).toHaveBeenCalledTimes(1);
    expect(await (await worker.fetch(request(), envB, ctx())).text()).toBe('b');
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('hands the built handler the same typed platform', async () => {
    const worker = handle.withEnv(
      (env: Env) => (_request, platform) => new Response(`${env.API_KEY}=${platform.env.API_KEY}`),
    );
    expect(await (await worker.fetch(request(), { API_KEY: 'x' }, ctx())).text()).toBe('x=x');
  });

  it('answers the generic 500 through onError when the factory throws, and retries it next time', async () => {
    const errors: unknown[] = [];
    let broken = true;
    const factory = vi.fn((_env: Partial<Env>): FetchHandler => {
      if (broken) throw new Error('API_KEY is not set');
      return () => new Response('ok');
    });
    const worker = handle.withEnv(factory, { onError: (error) => errors.push(error) });
    const env = {};
    const failed = await worker.fetch(request(), env, ctx());
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe(INTERNAL);
    expect(errors).toEqual([expect.objectContaining({ message: 'API_KEY is not set' })]);
    broken = false;
    expect(await (await worker.fetch(request(), env, ctx())).text()).toBe('ok');
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('answers the generic 500 when the factory returns no function', async () => {
    const errors: unknown[] = [];
    const worker = handle.withEnv((_env: object) => undefined as unknown as FetchHandler, {
      onError: (error) => errors.push(error),
    });
    const response = await worker.fetch(request(), {}, ctx());
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(errors).toHaveLength(1);
  });
});
