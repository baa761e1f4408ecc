import type { AdapterOptions, FetchHandler, PlatformInfo, RateLimitVerdict } from '@csvfn/platform';

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

/**
 * Options of {@link handle} and {@link WorkersHandle.withEnv | handle.withEnv}: the shared ones.
 * `holdBytes` defaults to 8 MiB (twice the core's default body limit): workerd ends a failed
 * chunked body with a clean last chunk, so past it a late failure looks complete (see the README).
 */
export interface WorkersOptions extends AdapterOptions {}

/** A Cloudflare module worker: what `export default` of the Worker's entry must be. */
export interface ModuleWorker<Env = unknown> {
  /** Called by Workers for every request. */
  fetch(request: Request, env: Env, ctx: WorkerExecutionContext): Promise<Response>;
}

/** The shape of `createCsvHandler`'s `rateLimit` option. */
export type RateLimitHook = (key: string) => RateLimitVerdict | Promise<RateLimitVerdict>;

/** Cloudflare's Rate Limiting binding (`ratelimits` in wrangler config), as far as csvfn uses it. */
export interface RateLimitBinding {
  /** Counts one request for `key`; `success: false` when over the limit. */
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export type { RateLimitVerdict };
