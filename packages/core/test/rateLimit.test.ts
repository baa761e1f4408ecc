import { describe, expect, it } from 'vitest';
import { createCsvHandler, memoryRateLimit } from '../src/index.js';

/** A clock the test moves by hand: no timers, no sleeps. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const probe = new Request('http://x/api', { method: 'POST' });

describe('memoryRateLimit (token bucket, per instance)', () => {
  it('allows a burst of `limit`, then refuses with the time until the next token', async () => {
    const clock = manualClock();
    const limit = memoryRateLimit({ limit: 3, windowSeconds: 60, now: clock.now });
    for (let i = 0; i < 3; i++) expect(await limit('ip:a', probe)).toEqual({ allowed: true });
    expect(await limit('ip:a', probe)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    clock.advance(5_000);
    expect(await limit('ip:a', probe)).toEqual({ allowed: false, retryAfterSeconds: 15 });
  });

  it('refills evenly over the window, never above `limit`', async () => {
    const clock = manualClock();
    const limit = memoryRateLimit({ limit: 2, windowSeconds: 10, now: clock.now });
    await limit('k', probe);
    await limit('k', probe);
    clock.advance(5_000); // one token back
    expect((await limit('k', probe)).allowed).toBe(true);
    expect((await limit('k', probe)).allowed).toBe(false);
    clock.advance(3_600_000); // an hour idle refills to 2, not more
    expect((await limit('k', probe)).allowed).toBe(true);
    expect((await limit('k', probe)).allowed).toBe(true);
    expect((await limit('k', probe)).allowed).toBe(false);
  });

  it('keeps a bucket per key: one client cannot spend another one’s budget', async () => {
    const clock = manualClock();
    const limit = memoryRateLimit({ limit: 1, windowSeconds: 60, now: clock.now });
    expect((await limit('ip:a', probe)).allowed).toBe(true);
    expect((await limit('ip:a', probe)).allowed).toBe(false);
    expect((await limit('ip:b', probe)).allowed).toBe(true);
    expect((await limit('key:0123', probe)).allowed).toBe(true);
  });

  it('remembers at most maxKeys keys, forgetting the one seen longest ago', async () => {
    const clock = manualClock();
    const limit = memoryRateLimit({ limit: 1, windowSeconds: 60, maxKeys: 2, now: clock.now });
    await limit('a', probe);
    await limit('b', probe);
    expect((await limit('a', probe)).allowed).toBe(false); // `a` is now the most recent
    await limit('c', probe); // evicts `b`
    expect((await limit('a', probe)).allowed).toBe(false); // still remembered
    expect((await limit('b', probe)).allowed).toBe(true); // forgotten: a fresh bucket
  });

  it('stays bounded under a flood of distinct keys', async () => {
    const limit = memoryRateLimit({ limit: 1, windowSeconds: 60, maxKeys: 100 });
    for (let i = 0; i < 50_000; i++) await limit(`ip:${i}`, probe);
    // The 100 most recent keys are limited; older ones were forgotten.
    expect((await limit('ip:49999', probe)).allowed).toBe(false);
    expect((await limit('ip:0', probe)).allowed).toBe(true);
  });

  it.each([
    [{ limit: 0, windowSeconds: 1 }],
    [{ limit: Number.NaN, windowSeconds: 1 }],
    [{ limit: 1, windowSeconds: 0 }],
    [{ limit: 1, windowSeconds: Number.POSITIVE_INFINITY }],
  ])('refuses a nonsensical configuration %j', (options) => {
    expect(() => memoryRateLimit(options)).toThrow(RangeError);
  });

  it('plugs into the handler: 429 with a whole-second Retry-After, per client address', async () => {
    const clock = manualClock();
    const handler = createCsvHandler({
      logger: false,
      rateLimit: memoryRateLimit({ limit: 2, windowSeconds: 3, now: clock.now }),
    });
    const send = (address: string) =>
      handler(
        new Request('http://x/api', {
          method: 'POST',
          body: '[]',
          headers: { 'content-type': 'application/json' },
        }),
        {
          provider: 'test',
          clientAddress: address,
        },
      );
    expect((await send('10.0.0.1')).status).toBe(200);
    expect((await send('10.0.0.1')).status).toBe(200);
    const refused = await send('10.0.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2'); // 1.5 s rounded up
    expect(await refused.json()).toMatchObject({ type: 'urn:csvfn:problem:rate-limited', status: 429 });
    expect((await send('10.0.0.2')).status).toBe(200);
    clock.advance(1_500);
    expect((await send('10.0.0.1')).status).toBe(200);
  });
});
