import type { RequestParts } from '../request.js';
import type { EncodedBody } from '../responseBody.js';
import type { LambdaHttpEvent, LambdaHttpResult } from '../types.js';

/** What differs between Lambda's HTTP event shapes; one small implementation per shape. */
export interface EventProcessor<E = LambdaHttpEvent, R = LambdaHttpResult> {
  /** The request as the event carries it; `createRequest` turns it into a `Request`. */
  requestParts(event: E): RequestParts;
  /** The client IP the front door vouches for. */
  clientAddress(event: E): string | undefined;
  /**
   * Whether the front door decodes a base64 result for this event's client, by the answer's
   * `Content-Type` (`null`: not known yet). `binaryMediaTypes` is the REST API's setting.
   */
  decodesBase64(event: E, binaryMediaTypes: readonly string[]): (contentType: string | null) => boolean;
  /** The response in the form this front door expects back. */
  result(event: E, response: Response, body: EncodedBody): R;
}
