/**
 * What the adapter tells the handler about the platform beside the `Request`.
 * Declared here, not imported from `@csvfn/core`: an adapter knows nothing of the core.
 */
export interface PlatformInfo {
  /** Which adapter delivered the request: `node`, `vercel`, … */
  provider: string;
  /** The platform's id for this request (for logs), when it has one. */
  requestId?: string;
  /** The client's IP address as the server saw it. */
  clientAddress?: string;
}

/** A Web-standard handler: the shape `createCsvHandler()` returns, and any `app.fetch`. */
export type FetchHandler = (request: Request, platform?: PlatformInfo) => Response | Promise<Response>;
