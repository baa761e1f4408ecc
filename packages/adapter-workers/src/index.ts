/**
 * @csvfn/adapter-workers: run a csvfn handler (or any Web fetch handler) as a Cloudflare
 * module worker, with Cloudflare's Rate Limiting binding as its bill guard.
 *
 * @example
 * export default handle((env) => createCsvHandler({ rateLimit: rateLimitBinding(env.RATE_LIMITER) }));
 */
export { handle } from './handle';
export { type RateLimitBindingOptions, rateLimitBinding } from './rate-limit';
export type {
  FetchHandler,
  HandlerFactory,
  ModuleWorker,
  PlatformInfo,
  RateLimitBinding,
  RateLimitHook,
  RateLimitVerdict,
  WorkerExecutionContext,
} from './types';
