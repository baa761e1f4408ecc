/**
 * @module
 * Azure Functions adapter for csvfn (v4 programming model): `handle` turns any Web Fetch handler
 * into an HTTP handler (`HttpRequest` in, `HttpResponseInit` out, the body streamed when
 * `app.setup({ enableHttpStream: true })` is on); `registerFunction` registers it with `app.http`.
 */

export { type AzureOptions, handle } from './handle.js';
export { limits } from './limits.js';
export { type RegisterOptions, registerFunction } from './registerFunction.js';
export type { AzurePlatform, FetchHandler, HttpHandler, PlatformInfo } from './types.js';
