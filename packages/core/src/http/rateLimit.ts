import type { RateLimit } from './contract.js';

/** Options of {@link memoryRateLimit}. */
export interface MemoryRateLimitOptions {
  /** Requests a key may make per window; also the largest burst. */
  limit: number;
  /** The window in seconds: a key's bucket refills `limit` tokens over it, evenly. */
  windowSeconds: number;
  /**
   * Most keys remembered at once, so that a flood of addresses cannot grow memory without bound;
   * past it the key seen longest ago is forgotten (and starts again with a full bucket). Default 10,000.
   */
  maxKeys?: number;
  /** Clock in milliseconds, for tests. Default `performance.now`. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * An in-memory token bucket per rate-limit key, for `createCsvHandler({ rateLimit })`.
 *
 * **Per instance**: every Node process, Lambda instance or Vercel function instance keeps its own
 * buckets, so N instances allow up to N × `limit`. It suits a single Node server; on serverless,
 * cap the total with the platform (Workers rate-limit binding, API Gateway throttling, Lambda
 * reserved concurrency) and use this, if at all, as a per-instance backstop.
 *
 * @example
 * createCsvHandler({ rateLimit: memoryRateLimit({ limit: 60, windowSeconds: 60 }) });
 */
export function memoryRateLimit(options: MemoryRateLimitOptions): RateLimit {
  const { limit, windowSeconds } = options;
  if (!(Number.isFinite(limit) && limit >= 1))
    throw new RangeError('memoryRateLimit: limit must be at least 1');
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0))
    throw new RangeError('memoryRateLimit: windowSeconds must be a positive number');
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const now = options.now ?? (() => performance.now());
  const perMs = limit / (windowSeconds * 1000);
  // A Map iterates in insertion order; re-inserting a key on each use keeps the oldest first.
  const buckets = new Map<string, Bucket>();

  return (key) => {
    const time = now();
    let bucket = buckets.get(key);
    if (bucket) {
      buckets.delete(key);
      bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, time - bucket.updated) * perMs);
      bucket.updated = time;
    } else {
      bucket = { tokens: limit, updated: time };
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
    }
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: (1 - bucket.tokens) / perMs / 1000 };
  };
}
