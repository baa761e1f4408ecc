/**
 * @module
 * Run a Web fetch handler on AWS Lambda: API Gateway REST and HTTP APIs, Function URLs and
 * ALB (`handle`), or Function URLs with response streaming (`streamHandle`).
 * The invoke client is at `@csvfn/adapter-lambda/invoke`, a local Lambda at `…/local`.
 */

export { handle } from './handler';
export type { LambdaResponseStream, StreamingLambdaHandler, StreamPrelude } from './stream-handler';
export { streamHandle } from './stream-handler';
export type * from './types';
