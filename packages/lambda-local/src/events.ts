/**
 * The AWS front doors in reverse, with no server: a Web `Request` as the event a Function URL,
 * HTTP API, REST API or ALB would send (`restApi`, `httpApi`, `functionUrl`, `alb`,
 * `albMultiValue`), a function's result or response stream back as the `Response` the client
 * would get. `@csvfn/client` builds its Lambda Invoke calls on these.
 *
 * @module
 */

export { alb, albMultiValue } from './frontDoors/alb.js';
export {
  type FrontDoor,
  type FrontDoorName,
  type HttpRequestData,
  MalformedResultError,
} from './frontDoors/frontDoor.js';
export { functionUrl, httpApi, httpApiEvent, httpApiResponse } from './frontDoors/httpApi.js';
export { restApi, restApiFront } from './frontDoors/restApi.js';
export { responseFromStream } from './frontDoors/streamedResponse.js';
export { webRequestData } from './frontDoors/webRequest.js';
