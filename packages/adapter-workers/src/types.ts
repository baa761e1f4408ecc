/**
 * What the adapter passes to the handler beside the Request. Declared here, not imported:
 * adapters know nothing of `@csvfn/core`, only this shape.
 */
export interface PlatformInfo {
  /** Always `workers` here. */
  provider: string;
  /** Cloudflare's `cf-ray` id for this request, when present. */
  requestId?: string;
  /** `CF-Connecting-IP`: the client's address as Cloudflare saw it, when present. */
  clientAddress?: string;
}

/** Any Web-standard handler: `createCsvHandler(...)` from `@csvfn/core` is one. */
export type FetchHandler = (request: Request, platform?: PlatformInfo) => Response | Promise<Response>;

/** Builds the handler from the Worker's bindings (secrets, vars, the rate limiter). */
export type HandlerFactory<Env = any> = (env: Env) => FetchHandler;

/** The part of Cloudflare's `ExecutionContext` a module worker receives. */
export interface WorkerExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** A Cloudflare module worker: what `export default` of the Worker's entry must be. */
export interface ModuleWorker<Env = any> {
  fetch(request: Request, env: Env, ctx?: WorkerExecutionContext): Promise<Response>;
}

/** The answer of a provider-neutral rate limit: the core turns a refusal into `429` + `Retry-After`. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The shape of `createCsvHandler`'s `rateLimit` option. */
export type RateLimitHook = (key: string) => RateLimitVerdict | Promise<RateLimitVerdict>;

/** Cloudflare's Rate Limiting binding (`ratelimits` in wrangler config), as far as csvfn uses it. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}
