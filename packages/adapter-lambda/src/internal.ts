/**
 * @module
 * `@csvfn/adapter-lambda/internal`: the wire details `@csvfn/lambda-local` and `@csvfn/client`
 * share with the adapter (which bodies travel as text, the streaming prelude's content type, the
 * streaming handler's mark). Not a stable API.
 */
export { isTextBody } from './responseBody.js';
export { PRELUDE_CONTENT_TYPE, STREAMING_HANDLER } from './streamingWire.js';
