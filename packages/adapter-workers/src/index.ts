/**
 * @module
 * @csvfn/adapter-workers: run a csvfn handler (or any Web fetch handler) as a Cloudflare
 * module worker, with Cloudflare's Rate Limiting binding as its bill guard.
 *
 * @example
 * export default handle.withEnv((env: Env) => createCsvHandler({ rateLimit: rateLimitBinding(env.RATE_LIMITER) }));
 */
export type { ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';
export { handle, type WorkersHandle } from './handle.js';
export { limits } from './limits.js';
export { type RateLimitBindingOptions, rateLimitBinding } from './rateLimit.js';
export type {
  HandlerFactory,
  ModuleWorker,
  RateLimitBinding,
  RateLimitHook,
  RateLimitVerdict,
  WorkerExecutionContext,
  WorkersOptions,
  WorkersPlatform,
} from './types.js';
