import type { RateLimitBinding, RateLimitHook } from './types.js';

/** Options of {@link rateLimitBinding}. */
export interface RateLimitBindingOptions {
  /**
   * The binding's `simple.period` in seconds (10 or 60) as set in wrangler config. The binding
   * cannot report it, and a refused client is told to retry after this many seconds.
   * Default 60.
   */
  period?: 10 | 60;
}

/**
 * Puts Cloudflare's Rate Limiting binding behind csvfn's provider-neutral `rateLimit` hook:
 * `createCsvHandler({ rateLimit: rateLimitBinding(env.RATE_LIMITER, { period: 60 }) })`.
 * The core picks the key (API key, else client address) and answers 429 + `Retry-After`.
 *
 * If the binding itself fails the error propagates (the request fails rather than slipping
 * past the limit).
 */
export function rateLimitBinding(
  binding: RateLimitBinding,
  options: RateLimitBindingOptions = {},
): RateLimitHook {
  if (typeof binding?.limit !== 'function') {
    throw new TypeError(
      'csvfn: rateLimitBinding needs a Rate Limiting binding (declare it under "ratelimits" in wrangler config)',
    );
  }
  const period = options.period ?? 60;
  if (period !== 10 && period !== 60) throw new RangeError('csvfn: a rate limit period is 10 or 60 seconds');
  return async (key) => {
    const { success } = await binding.limit({ key });
    return success ? { allowed: true } : { allowed: false, retryAfterSeconds: period };
  };
}
