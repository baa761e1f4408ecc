import { MB, type PlatformLimits } from '@csvfn/platform';

/**
 * The limits Azure Functions (HTTP trigger) documents for one request, read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // The HTTP request length; no response size is documented.
  requestBodyBytes: 100 * MB,
  // Whatever functionTimeout says, the load balancer drops an HTTP request unanswered after 230 s.
  timeoutSeconds: 230,
  sources: [
    'https://learn.microsoft.com/en-us/azure/azure-functions/functions-bindings-http-webhook-trigger#limits',
    'https://learn.microsoft.com/en-us/azure/azure-functions/functions-scale#timeout',
  ],
  read: '2026-12-07',
};
