import type { ServerResponse } from 'node:http';
import { createRequestListener } from '@csvfn/adapter-node';
import type { AdapterOptions, CompressOptions, FetchHandler } from '@csvfn/platform';
import { describeDecodedBody } from './decodedBody.js';
import type { GcfFunction, GcfPlatform, GcfRequest } from './types.js';

/** Options of {@link handle}: the shared ones (`holdBytes` defaults to `0`, `compress` to `true`). */
export interface GcfOptions extends AdapterOptions, CompressOptions {}

/**
 * A Google Cloud Functions (Cloud Run functions) HTTP function from a Fetch handler, for the
 * Functions Framework's `(req, res)`. Built on `@csvfn/adapter-node`'s conversions: the body is
 * the framework's `req.rawBody` (already decompressed, so `Content-Encoding` is dropped), and the
 * response is written with `setHeader`, so Express adds no charset to `Content-Type`.
 *
 * @example
 * ```ts
 * import * as functions from '@google-cloud/functions-framework';
 * import { handle } from '@csvfn/adapter-gcf';
 * import { createCsvHandler } from '@csvfn/core';
 * import { employeeSchema } from '@csvfn/core/employee';
 * functions.http('csv', handle(createCsvHandler({ schema: employeeSchema })));
 * ```
 */
export function handle(handler: FetchHandler<GcfPlatform>, options: GcfOptions = {}): GcfFunction {
  const listener = createRequestListener<GcfPlatform>(handler, {
    // Google's front end sets X-Forwarded-Proto; the host is the function's own.
    trustProxy: true,
    ...options,
    platform: (req) => gcfPlatform(req as GcfRequest),
  });
  return (req, res) => {
    describeDecodedBody(req);
    listener(req, res);
  };
}

function gcfPlatform(req: GcfRequest): GcfPlatform {
  const platform: GcfPlatform = {
    provider: 'gcf',
    cloudProvider: 'gcp',
    req,
    res: req.res as ServerResponse,
  };
  if (req.executionId) platform.requestId = req.executionId;
  // The framework trusts the proxy, so Express's `req.ip` is the client's, from X-Forwarded-For.
  const address = req.ip ?? req.socket.remoteAddress;
  if (address) platform.clientAddress = address;
  return platform;
}
