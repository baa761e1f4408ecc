/**
 * A local AWS Lambda for development and tests (Node.js only): the Invoke API that
 * `@aws-sdk/client-lambda` talks to, and an HTTP front that plays a Function URL, an HTTP API,
 * a REST API or an ALB — with Lambda's payload limits and response streaming. The reverse event
 * mappers (`Request` -> event, result -> `Response`) are at `@csvfn/lambda-local/events`.
 *
 * @module
 */

export { encodeEventMessage } from './eventStream.js';
export type { FrontDoorName } from './frontDoors/frontDoor.js';
export type { LambdaFunction, LocalContext } from './runtime.js';
export { emulateAwsLambdaGlobal } from './runtime.js';
export type { LambdaLimits, LocalLambda, LocalLambdaOptions } from './server.js';
export { FRONT_DOORS, LAMBDA_LIMITS, startLocalLambda } from './server.js';
