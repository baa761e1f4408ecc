import type { ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';

/** The part of Cloudflare's `ExecutionContext` a module worker receives. */
export interface WorkerExecutionContext {
  /** Keeps the Worker alive until the promise settles, after the response is sent. */
  waitUntil(promise: Promise<unknown>): void;
  /** On an uncaught exception, sends the request on to the origin instead of failing it. */
  passThroughOnException(): void;
}

/**
 * What {@link handle} hands the handler beside the `Request`: Cloudflare's ids, and the Worker's
 * own `env` (secrets, vars, bindings) and `ctx` (`waitUntil`), typed by your `Env`.
 */
export interface WorkersPlatform<Env = unknown> extends PlatformInfo {
  provider: 'workers';
  /** The Worker's bindings for this request: `platform.env.API_KEY`, `platform.env.RATE_LIMITER`. */
  env: Env;
  /** The request's execution context: `platform.ctx.waitUntil(promise)`. */
  ctx: WorkerExecutionContext;
}

/** Builds a handler from the Worker's `env`, for {@link WorkersHandle.withEnv | handle.withEnv}. */
export type HandlerFactory<Env = unknown> = (env: Env) => FetchHandler<WorkersPlatform<Env>>;

/** Options of {@link handle} and {@link WorkersHandle.withEnv | handle.withEnv}. */
export interface WorkersOptions {
  /**
   * Receives what the handler (or the factory) throws or returns instead of a Response; the
   * client gets a generic 500. Default: one `csvfn: the handler failed` line on `console.error`.
   */
  onError?: ErrorSink;
  /**
   * Bytes of answer held back until its body has ended. workerd ends a failed chunked body with a
   * clean last chunk, so a client could not tell a cut-short CSV from a complete one: within this
   * size, a body that fails (a bad NDJSON row past the first 64 KiB, a body over the limit, a gzip
   * bomb) is answered with its own problem (`422`, `413`, `400`) instead. Costs up to this much
   * memory per request in flight. Past it the answer streams, and a later failure looks complete
   * (see the README). Default 8 MiB (twice the core's default body limit); `0` streams at once.
   */
  holdBytes?: number;
}

/** A Cloudflare module worker: what `export default` of the Worker's entry must be. */
export interface ModuleWorker<Env = unknown> {
  /** Called by Workers for every request. */
  fetch(request: Request, env: Env, ctx: WorkerExecutionContext): Promise<Response>;
}

/** The answer of a provider-neutral rate limit: the core turns a refusal into `429` + `Retry-After`. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The shape of `createCsvHandler`'s `rateLimit` option. */
export type RateLimitHook = (key: string) => RateLimitVerdict | Promise<RateLimitVerdict>;

/** Cloudflare's Rate Limiting binding (`ratelimits` in wrangler config), as far as csvfn uses it. */
export interface RateLimitBinding {
  /** Counts one request for `key`; `success: false` when over the limit. */
  limit(options: { key: string }): Promise<{ success: boolean }>;
}
