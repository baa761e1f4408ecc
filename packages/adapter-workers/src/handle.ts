import type { FetchHandler, HandlerFactory, ModuleWorker, PlatformInfo } from './types';

const INTERNAL_PROBLEM = JSON.stringify({
  type: 'urn:csvfn:problem:internal',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
});

/** The contract's generic 500: never a stack, a message or a path. */
function internalError(): Response {
  return new Response(INTERNAL_PROBLEM, {
    status: 500,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

function platformOf(request: Request): PlatformInfo {
  const platform: PlatformInfo = { provider: 'workers' };
  const ray = request.headers.get('cf-ray');
  const address = request.headers.get('cf-connecting-ip');
  if (ray) platform.requestId = ray;
  if (address) platform.clientAddress = address;
  return platform;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Wraps a fetch handler, or a factory that builds one from the Worker's `env`, as a
 * Cloudflare module worker: `export default handle(app)`.
 *
 * A factory `(env) => handler` runs once per isolate, on the first request (bindings only
 * exist then), and again only if the runtime hands over a different `env` object.
 * The two look alike to JavaScript, so: a function declaring two parameters
 * `(request, platform)` is a handler; one declaring fewer is called with `env` on the first
 * request, and is a factory if it returns a function, a handler otherwise (that first result
 * is dropped).
 *
 * The handler gets `{ provider: 'workers', requestId: cf-ray, clientAddress: CF-Connecting-IP }`.
 * Its Response is returned untouched; if it (or the factory) throws, the answer is a generic
 * 500 problem and the error goes to the Worker's log.
 */
export function handle<Env = any>(factory: HandlerFactory<Env>): ModuleWorker<Env>;
export function handle<Env = any>(handler: FetchHandler): ModuleWorker<Env>;
export function handle<Env = any>(handlerOrFactory: FetchHandler | HandlerFactory<Env>): ModuleWorker<Env> {
  const call = handlerOrFactory as (...args: unknown[]) => unknown;
  let kind: 'undecided' | 'handler' | 'factory' = call.length >= 2 ? 'handler' : 'undecided';
  let builtFor: Env | undefined;
  let built: FetchHandler | undefined;
  let probeError: unknown;

  /** The handler the factory built for this env, or undefined to call `handlerOrFactory` itself. */
  function builtHandler(env: Env): FetchHandler | undefined {
    if (kind === 'handler') return undefined;
    if (built && builtFor === env) return built;
    let result: unknown;
    try {
      result = call(env);
    } catch (error) {
      if (kind === 'factory') throw error;
      // It choked on `env`: a handler that wanted a Request, or a failing factory. The call
      // with the Request below tells which.
      probeError = error;
      return undefined;
    }
    if (typeof result === 'function') {
      kind = 'factory';
      builtFor = env;
      built = result as FetchHandler;
      return built;
    }
    if (kind === 'factory') throw new TypeError('csvfn: the handler factory did not return a function');
    // A plain handler that happened to be called with `env`: drop what it answered.
    if (isThenable(result)) Promise.resolve(result).catch(() => {});
    kind = 'handler';
    return undefined;
  }

  return {
    async fetch(request, env) {
      try {
        const handler = builtHandler(env) ?? (call as FetchHandler);
        const response: unknown = await handler(request, platformOf(request));
        if (kind === 'undecided') {
          // Given a Request it built a handler: a factory that failed on env.
          if (typeof response === 'function') {
            kind = 'factory';
            throw probeError;
          }
          kind = 'handler';
        }
        if (!(response instanceof Response))
          throw new TypeError('csvfn: the handler did not return a Response');
        return response;
      } catch (error) {
        console.error('csvfn: unhandled error', error);
        return internalError();
      }
    },
  };
}
