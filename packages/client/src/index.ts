/**
 * Call a csvfn function: over HTTP with `fetch` (`createClient`), or directly through AWS Lambda
 * Invoke (`createInvoker`, with `@aws-sdk/client-lambda` as an optional peer loaded on first use).
 * Rows in, CSV out; a problem answer becomes a typed {@link ProblemError}.
 *
 * @module
 */

export type { ConvertOptions, CsvfnClient } from './csvRequest.js';
export type { Problem } from './errors.js';
export { LambdaFunctionError, ProblemError } from './errors.js';
export { createClient, type HttpClientOptions } from './httpClient.js';
export { createInvoker, type Invoker, type InvokerOptions, type LambdaInvokeClient } from './invoker.js';
export { isLoopbackEndpoint, type LambdaClientConfigLike, resolveLambdaConfig } from './lambdaConfig.js';
