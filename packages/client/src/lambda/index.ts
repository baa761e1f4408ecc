/**
 * Call a csvfn function on AWS Lambda through the Invoke API (`createInvoker`, with
 * `@aws-sdk/client-lambda` as an optional peer, loaded on first use), and the Function URL event
 * mapping it is built on (`Request` -> payload 2.0 event, result or response stream ->
 * `Response`), which `@csvfn/lambda-local`'s front doors share.
 *
 * @module
 */

export type { ConvertOptions, CsvfnClient } from '../csvRequest.js';
export { type Problem, ProblemError } from '../errors.js';
export type { RowOf, SchemaLike } from '../rowTypes.js';
export { LambdaFunctionError } from './functionError.js';
export {
  headerPairs,
  httpApiEvent,
  httpApiResponse,
  MalformedResultError,
  resultResponse,
} from './functionUrl.js';
export { createInvoker, type Invoker, type InvokerOptions, type LambdaInvokeClient } from './invoker.js';
export { isLoopbackEndpoint, type LambdaClientConfigLike, resolveLambdaConfig } from './lambdaConfig.js';
export {
  eventBody,
  formatTime,
  forwardedHeaders,
  type HttpRequestData,
  headerValue,
  splitTarget,
  webRequestData,
} from './requestData.js';
export { PRELUDE_CONTENT_TYPE, responseFromStream } from './streamedResponse.js';
