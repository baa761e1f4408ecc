import { handle, rateLimitBinding } from '@csvfn/adapter-workers';
import { createCsvHandler } from '@csvfn/core';

interface Env {
  /** Secret (`wrangler secret put API_KEY`): when set, requests need `Authorization: Bearer <key>`. */
  API_KEY?: string;
  /** Optional var: the body limit in bytes. */
  MAX_BODY_BYTES?: string;
  /** The `ratelimits` binding in wrangler.jsonc. */
  RATE_LIMITER?: RateLimit;
}

// Built once per isolate (per env object), from the Worker's secrets and bindings.
export default handle.withEnv((env: Env) =>
  createCsvHandler({
    apiKeys: env.API_KEY ? [env.API_KEY] : undefined,
    rateLimit: env.RATE_LIMITER ? rateLimitBinding(env.RATE_LIMITER, { period: 60 }) : undefined,
    maxBodyBytes: env.MAX_BODY_BYTES ? Number(env.MAX_BODY_BYTES) : undefined,
  }),
);
