/**
 * What an adapter tells a handler beside the `Request`. Each adapter extends it with the
 * provider's own objects (Lambda `event`/`context`, Workers `env`/`ctx`, Node `req`), typed, so a
 * handler can read authorizer claims or bindings without guessing.
 */
export interface PlatformInfo {
  /** Which adapter delivered the request: `node`, `vercel`, `lambda`, `workers`, … (for logs). */
  provider: string;
  /** The platform's id for this request (Lambda `awsRequestId`, `x-vercel-id`, `cf-ray`), when it has one. */
  requestId?: string;
  /** The client's address as the platform saw it: the rate-limit key when a request has no API key. */
  clientAddress?: string;
  /**
   * The cloud this home runs in, as OpenTelemetry's `cloud.provider` names it (`aws`, `gcp`,
   * `azure`, `cloudflare`, …), for a traced handler's span; none for a server of your own.
   */
  cloudProvider?: string;
}

/**
 * A Web-standard handler: `createCsvHandler()` from `@csvfn/core` is one, and so is any `app.fetch`.
 * An adapter always passes `platform`; a handler may ignore it.
 */
export type FetchHandler<P extends PlatformInfo = PlatformInfo> = (
  request: Request,
  platform: P,
) => Response | Promise<Response>;

/** Where an adapter sends what a handler throws. Never shown to the client. */
export type ErrorSink = (error: unknown) => void;
