import { handle, rateLimitBinding } from '@csvfn/adapter-workers';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

// `Env` is what `pnpm types` (`wrangler types`) generates from wrangler.jsonc into
// worker-configuration.d.ts: the RATE_LIMITER binding and the API_KEY secret (when set, requests
// need `Authorization: Bearer <key>`). Uncomment `vars` there to get MAX_BODY_BYTES too.
// Workers' free plan allows 10 ms of CPU a request; csvfn converts about 26 ms of CPU per MiB in
// workerd (`pnpm bench cpu`), so 256 KiB (about 7 ms) is the body that fits with room to spare. On
// the paid plan (30 s by default) raise MAX_BODY_BYTES, up to Cloudflare's 100 MB body cap.
const FREE_PLAN_BODY_BYTES = 256 * 1024;

// Built once per isolate (per env object), from the Worker's secrets and bindings.
export default handle.withEnv((env: Env) =>
  createCsvHandler({
    schema: employeeSchema,
    apiKeys: env.API_KEY ? [env.API_KEY] : undefined,
    // `RATE_LIMIT=off pnpm start` (wrangler dev --var RATE_LIMIT:off) turns it off for a local test run.
    rateLimit:
      env.RATE_LIMITER && !('RATE_LIMIT' in env && env.RATE_LIMIT === 'off')
        ? rateLimitBinding(env.RATE_LIMITER, { period: 60 })
        : undefined,
    maxBodyBytes: 'MAX_BODY_BYTES' in env ? Number(env.MAX_BODY_BYTES) : FREE_PLAN_BODY_BYTES,
  }),
);
