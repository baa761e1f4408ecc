import { createPipeline, DEFAULT_HOLD_BYTES, type FetchHandler } from '@csvfn/platform';
import type { HandlerFactory, ModuleWorker, WorkersOptions, WorkersPlatform } from './types.js';

/** The call form of {@link handle}: the guard around the handler, with the platform built per request. */
function handleHandler<Env = unknown>(
  handler: FetchHandler<WorkersPlatform<Env>>,
  options: WorkersOptions = {},
): ModuleWorker<Env> {
  // The response is held back (within holdBytes) so a failure after the 200 can still be
  // answered with its problem: workerd would end the failed body as if it were complete.
  const run = createPipeline(handler, { ...options, holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES });
  return {
    fetch: (request, env, ctx) =>
      run({
        translate: () => ({ request, platform: workersPlatform(request, env, ctx) }),
        send: (response) => response,
      }),
  };
}

/** {@link WorkersHandle.withEnv}: the built handler kept per `env` object, so the factory runs once an isolate. */
function withEnv<Env extends object>(
  factory: HandlerFactory<Env>,
  options: WorkersOptions = {},
): ModuleWorker<Env> {
  const built = new WeakMap<Env, FetchHandler<WorkersPlatform<Env>>>();
  return handleHandler<Env>((request, platform) => {
    let handler = built.get(platform.env);
    if (!handler) {
      handler = factory(platform.env);
      built.set(platform.env, handler);
    }
    return handler(request, platform);
  }, options);
}

/** {@link handle}: a function, with the factory form beside it as `handle.withEnv`. */
export interface WorkersHandle {
  /**
   * Wraps a fetch handler as a Cloudflare module worker: `export default handle(app)`.
   *
   * The handler gets a {@link WorkersPlatform}: `provider: 'workers'`, `requestId` (`cf-ray`),
   * `clientAddress` (`CF-Connecting-IP`), and the Worker's own `env` and `ctx`, typed by `Env`.
   * Its Response is returned as it is (held back up to `holdBytes`); if it throws or returns something
   * else, the response is the generic 500 problem and the error goes to `options.onError`. For a handler built from `env`,
   * use `handle.withEnv`.
   *
   * @example
   * ```ts
   * interface Env { API_KEY: string }
   * export default handle<Env>((request, platform) => new Response(platform.env.API_KEY ? 'keyed' : 'open'));
   * ```
   */
  <Env = unknown>(handler: FetchHandler<WorkersPlatform<Env>>, options?: WorkersOptions): ModuleWorker<Env>;
  /**
   * A module worker whose handler is built from the Worker's `env` (secrets, vars, bindings, which
   * exist only once a request arrives): `export default handle.withEnv((env: Env) => createCsvHandler({ … }))`.
   *
   * The factory runs on the first request and once per `env` object after that (once per isolate,
   * in practice), not per request. If it throws, that request gets the generic 500 and the error
   * goes to `options.onError`; the next request calls the factory again.
   */
  withEnv<Env extends object>(factory: HandlerFactory<Env>, options?: WorkersOptions): ModuleWorker<Env>;
}

/**
 * Wraps a fetch handler as a Cloudflare module worker: `export default handle(app)`. The handler
 * gets a {@link WorkersPlatform} with the Worker's `env` and `ctx`; `handle.withEnv(factory)`
 * builds the handler from `env` instead.
 */
export const handle: WorkersHandle = Object.assign(handleHandler, { withEnv });

/** The request's ids from the headers Cloudflare sets, beside the Worker's own objects. */
function workersPlatform<Env>(
  request: Request,
  env: Env,
  ctx: WorkersPlatform<Env>['ctx'],
): WorkersPlatform<Env> {
  const platform: WorkersPlatform<Env> = { provider: 'workers', cloudProvider: 'cloudflare', env, ctx };
  const ray = request.headers.get('cf-ray');
  const address = request.headers.get('cf-connecting-ip');
  if (ray) platform.requestId = ray;
  if (address) platform.clientAddress = address;
  return platform;
}
