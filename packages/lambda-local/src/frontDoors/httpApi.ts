import { httpApiEvent, httpApiResponse } from '@csvfn/client/lambda';
import { type FrontDoor, type FrontDoorName, jsonError } from './frontDoor.js';

function frontDoor(name: FrontDoorName, httpApi: boolean, functionError: () => Response): FrontDoor {
  return {
    name,
    toEvent: (request) => httpApiEvent(request, httpApi),
    toResponse: httpApiResponse,
    functionError,
  };
}

/** A Lambda Function URL. */
export const functionUrl = frontDoor(
  'function-url',
  false,
  () => new Response('Internal Server Error', { status: 502, headers: { 'content-type': 'text/plain' } }),
);

/** An API Gateway HTTP API with a payload 2.0 Lambda integration. */
export const httpApi = frontDoor('http-api', true, () =>
  jsonError(500, { message: 'Internal Server Error' }),
);
