import { bundleWorker, startWorker } from '@csvfn/harness/workerd';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const INTERNAL = {
  type: 'urn:csvfn:problem:internal',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
};

let mf: Miniflare;
let base: URL;

beforeAll(async () => {
  const script = await bundleWorker(new URL('./fixtures/handleWorker.ts', import.meta.url));
  ({ mf, url: base } = await startWorker(script, {
    bindings: { GREETING: 'hello' },
    ratelimits: { RATE_LIMITER: { simple: { limit: 2, period: 10 } } },
  }));
});

afterAll(async () => {
  await mf?.dispose();
});

const send = (path: string, init?: RequestInit) => fetch(new URL(path, base), init);

describe('handle() inside workerd', () => {
  it('passes provider, cf-ray and CF-Connecting-IP to the handler', async () => {
    const response = await send('/platform/', {
      method: 'POST',
      headers: { 'cf-ray': '8f1e2d3c4b5a6978-LHR', 'cf-connecting-ip': '203.0.113.7' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'POST',
      platform: { provider: 'workers', requestId: '8f1e2d3c4b5a6978-LHR', clientAddress: '203.0.113.7' },
    });
  });

  it('leaves requestId out when there is no cf-ray', async () => {
    const { platform } = await (await send('/platform/')).json();
    expect(platform).not.toHaveProperty('requestId');
    expect(platform.provider).toBe('workers');
    expect(platform.clientAddress).toBe('127.0.0.1');
  });

  it("hands the Worker's env and ctx to the handler", async () => {
    const first = await (await send('/bindings/')).json();
    expect(first.greeting).toBe('hello');
    // ctx.waitUntil ran the first request's task after its answer went out.
    await expect.poll(async () => (await (await send('/bindings/')).json()).waited).toBeGreaterThan(0);
  });

  it('builds a withEnv factory once per isolate, from env', async () => {
    const first = await (await send('/factory/')).json();
    const second = await (await send('/factory/')).json();
    const third = await (await send('/factory/')).json();
    expect(first).toEqual({ greeting: 'hello', builds: 1 });
    expect([second.builds, third.builds]).toEqual([1, 1]);
  });

  it.each(['throws', 'rejects', 'not-response', 'factory-throws'])(
    'answers a generic 500 problem when the handler %s',
    async (fixture) => {
      const response = await send(`/${fixture}/`, { method: 'POST' });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual(INTERNAL);
      expect(text).not.toMatch(/secret|\/srv|at |config/);
    },
  );

  it('returns a Response with immutable headers untouched', async () => {
    const redirect = await send('/redirect/', { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.com/next');

    const fetched = await send('/fetched/');
    expect(fetched.status).toBe(200);
    expect((await fetched.json()).platform.provider).toBe('workers');
  });

  it('streams a body through', async () => {
    const response = await send('/stream/');
    expect(await response.text()).toBe('row 0\nrow 1\nrow 2\n');
  });
});

describe('rateLimitBinding() on the Rate Limiting binding', () => {
  const check = async (key: string) => (await send('/limited/', { headers: { 'x-key': key } })).json();

  it('allows up to the limit per key, then refuses with the period as Retry-After', async () => {
    expect(await check('alice')).toEqual({ allowed: true });
    expect(await check('alice')).toEqual({ allowed: true });
    expect(await check('alice')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // Another key has its own budget.
    expect(await check('bob')).toEqual({ allowed: true });
  });
});
