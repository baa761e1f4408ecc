/**
 * The AWS front doors in reverse, with no server: a Web `Request` as the event a Function URL,
 * HTTP API, REST API or ALB would send (`restApi`, `httpApi`, `functionUrl`, `alb`,
 * `albMultiValue`), a function's result or response stream back as the `Response` the client
 * would get. The payload 2.0 (Function URL) mapping itself lives in `@csvfn/client/lambda`,
 * beside the invoker that sends it; it is re-exported here.
 *
 * @module
 */

export {
  type HttpRequestData,
  httpApiEvent,
  httpApiResponse,
  MalformedResultError,
  responseFromStream,
  webRequestData,
} from '@csvfn/client/lambda';
export { alb, albMultiValue } from './frontDoors/alb.js';
export type { FrontDoor, FrontDoorName } from './frontDoors/frontDoor.js';
export { functionUrl, httpApi } from './frontDoors/httpApi.js';
export { restApi, restApiFront } from './frontDoors/restApi.js';
