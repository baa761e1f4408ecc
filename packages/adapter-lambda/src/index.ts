/**
 * Run a Web fetch handler on AWS Lambda: API Gateway REST and HTTP APIs, Function URLs and
 * ALB (`handle`), or Function URLs with response streaming (`streamHandle`). No AWS SDK.
 * A local Lambda for development is `@csvfn/lambda-local`; an invoke client is `@csvfn/client`.
 *
 * @module
 */

export { handle } from './handler.js';
export { limits } from './limits.js';
export type { LambdaResponseStream, StreamingLambdaHandler, StreamPrelude } from './streamHandler.js';
export { streamHandle } from './streamHandler.js';
export type * from './types.js';
