import { app, type HttpMethod, type HttpTriggerOptions } from '@azure/functions';
import type { FetchHandler } from '@csvfn/platform';
import { type AzureOptions, handle } from './handle.js';
import type { AzurePlatform } from './types.js';

/** Options of {@link registerFunction}: the trigger's, and the adapter's. */
export interface RegisterOptions extends HttpTriggerOptions, AzureOptions {}

/**
 * Every method the Fetch API can carry, so the handler (not the host's 404) answers the ones it
 * does not serve: csvfn's core says `405` with `Allow`.
 */
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Registers a Fetch handler as an HTTP function with `app.http`: anonymous, every method, at
 * `route` (default: the function's name, under host.json's `routePrefix`, `api` by default).
 *
 * @example
 * ```js
 * // src/functions/csv.js (CommonJS, as the v4 model loads it)
 * const { registerFunction } = require('@csvfn/adapter-azure');
 * const { createCsvHandler } = require('@csvfn/core');
 * const { employeeSchema } = require('@csvfn/core/employee');
 * registerFunction('csv', createCsvHandler({ schema: employeeSchema }));
 * ```
 */
export function registerFunction(
  name: string,
  handler: FetchHandler<AzurePlatform>,
  options: RegisterOptions = {},
): void {
  const { onError, holdBytes, authLevel = 'anonymous', methods = METHODS, route } = options;
  app.http(name, { authLevel, methods, route, handler: handle(handler, { onError, holdBytes }) });
}
