import type { HttpHandler, HttpRequest, InvocationContext } from '@azure/functions';
import type { FetchHandler, PlatformInfo } from '@csvfn/platform';

/** What a handler gets on Azure Functions: the shared fields, and the host's own objects. */
export interface AzurePlatform extends PlatformInfo {
  provider: 'azure';
  /** `context.invocationId`, the id the host logs the invocation under. */
  requestId: string;
  /** The host's request: `request.user` (App Service auth), `request.params`, … */
  request: HttpRequest;
  /** The invocation context: `context.log`, `context.functionName`, bindings, … */
  context: InvocationContext;
}

export type { FetchHandler, HttpHandler, PlatformInfo };
