/**
 * @module
 * Call a deployed csvfn function through the Lambda API with `@aws-sdk/client-lambda`:
 * rows in, CSV out, errors as typed exceptions. Kept apart from the main entry so the Lambda
 * handler never loads the SDK.
 */

export type { Problem } from './errors';
export { LambdaFunctionError, ProblemError } from './errors';
export type { ConvertOptions, Invoker, InvokerOptions } from './invoker';
export { createInvoker } from './invoker';
