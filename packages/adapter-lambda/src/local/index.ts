/**
 * @module
 * A local AWS Lambda for development and tests (Node.js only): the Invoke API that
 * `@aws-sdk/client-lambda` talks to, and an HTTP front that plays a Function URL, an HTTP API,
 * a REST API or an ALB — with Lambda's payload limits and response streaming.
 */

export type { FrontDoorName } from '../front-doors/front-door';
export { encodeEventMessage } from './event-stream';
export type { LambdaFunction, LocalContext } from './runtime';
export { emulateAwsLambdaGlobal } from './runtime';
export type { LambdaLimits, LocalLambda, LocalLambdaOptions } from './server';
export { LAMBDA_LIMITS, startLocalLambda } from './server';
