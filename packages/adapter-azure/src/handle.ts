import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { callHandler, type ErrorSink, type FetchHandler, problemResponse } from '@csvfn/platform';
import { toRequest } from './toRequest.js';
import { toResponseInit } from './toResponseInit.js';
import type { AzurePlatform } from './types.js';

/** Options of {@link handle}. */
export interface AzureOptions {
  /** Receives what the handler throws (the client gets the generic 500). Default: one log line. */
  onError?: ErrorSink;
}

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
  return async (request, context) => {
    let webRequest: Request;
    try {
      webRequest = toRequest(request);
    } catch {
      return toResponseInit(problemResponse('not-implemented'));
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
    return toResponseInit(await callHandler(handler, webRequest, platform, options.onError));
  };
}

/** Azure's front end writes the client as `ip:port` (IPv4) or `[ip]:port` (IPv6): the port goes. */
function clientAddress(forwardedFor: string | null): string | undefined {
  const first = forwardedFor?.split(',')[0]?.trim();
  if (!first) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
  if (bracketed) return bracketed[1];
  return /^[\d.]+:\d+$/.test(first) ? first.slice(0, first.lastIndexOf(':')) : first;
}
