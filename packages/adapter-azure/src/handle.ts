import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import {
  type AdapterOptions,
  createPipeline,
  DEFAULT_HOLD_BYTES,
  type FetchHandler,
  UntranslatableRequest,
} from '@csvfn/platform';
import { toRequest } from './toRequest.js';
import { toResponseInit } from './toResponseInit.js';
import type { AzurePlatform } from './types.js';

/** Options of {@link handle}: the shared ones (`holdBytes` defaults to 8 MiB). */
export interface AzureOptions extends AdapterOptions {}

/**
 * An Azure Functions v4 HTTP handler from a Fetch handler: `HttpRequest` in, `HttpResponseInit`
 * out. The handler gets an {@link AzurePlatform} (`requestId` from `context.invocationId`, the
 * client's address from `X-Forwarded-For`, and the host's `request` and `context`).
 *
 * @example
 * ```ts
 * const { app } = require('@azure/functions');
 * const { handle } = require('@csvfn/adapter-azure');
 * app.http('csv', { route: 'api', methods: ['POST', 'OPTIONS'], handler: handle(csvHandler) });
 * ```
 */
export function handle(
  handler: FetchHandler<AzurePlatform>,
  options: AzureOptions = {},
): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> {
  const run = createPipeline(handler, { ...options, holdBytes: options.holdBytes ?? DEFAULT_HOLD_BYTES });
  return (request, context) =>
    run({
      translate() {
        let webRequest: Request;
        try {
          webRequest = toRequest(request);
        } catch {
          // `new Request` refuses the method (CONNECT, TRACE).
          throw new UntranslatableRequest();
        }
        const platform: AzurePlatform = {
          provider: 'azure',
          cloudProvider: 'azure',
          requestId: context.invocationId,
          request,
          context,
        };
        const address = clientAddress(request.headers.get('x-forwarded-for'));
        if (address) platform.clientAddress = address;
        return { request: webRequest, platform };
      },
      send: toResponseInit,
    });
}

/** Azure's front end writes the client as `ip:port` (IPv4) or `[ip]:port` (IPv6): the port goes. */
function clientAddress(forwardedFor: string | null): string | undefined {
  const first = forwardedFor?.split(',')[0]?.trim();
  if (!first) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
  if (bracketed) return bracketed[1];
  return /^[\d.]+:\d+$/.test(first) ? first.slice(0, first.lastIndexOf(':')) : first;
}
