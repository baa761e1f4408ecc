// rateLimitBinding() against a stand-in binding; handle.workerd.test.ts runs the real one.
import { describe, expect, it } from 'vitest';
import { type RateLimitBinding, rateLimitBinding } from '../src/index.js';

describe('rateLimitBinding()', () => {
  it('asks the binding with the key and maps success to the verdict', async () => {
    const keys: string[] = [];
    const binding: RateLimitBinding = {
      limit: async ({ key }) => {
        keys.push(key);
        return { success: keys.length < 2 };
      },
    };
    const hook = rateLimitBinding(binding);
    expect(await hook('key-1')).toEqual({ allowed: true });
    expect(await hook('key-1')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(keys).toEqual(['key-1', 'key-1']);
  });

  it('uses the period given as Retry-After', async () => {
    const hook = rateLimitBinding({ limit: async () => ({ success: false }) }, { period: 10 });
    expect(await hook('k')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('lets a failing binding fail the request rather than let it through', async () => {
    const hook = rateLimitBinding({ limit: async () => Promise.reject(new Error('unavailable')) });
    await expect(hook('k')).rejects.toThrow('unavailable');
  });

  it('refuses a missing binding or a period Cloudflare does not offer', () => {
    expect(() => rateLimitBinding(undefined as unknown as RateLimitBinding)).toThrow(/ratelimits/);
    expect(() => rateLimitBinding({ limit: async () => ({ success: true }) }, { period: 30 as 60 })).toThrow(
      /10 or 60/,
    );
  });
});
