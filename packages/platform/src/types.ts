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
  /**
   * Given by an adapter that writes the response to the connection itself (`@csvfn/adapter-node`,
   * and the hosts built on it: Vercel's Node.js runtime, Google Cloud Functions). It runs `listener`
   * once: when the response's last byte has been handed to the connection, or when the connection
   * closed first (`aborted`). A handler that must know when its answer went out (a traced request's
   * span ends there) listens here; where it is absent, only reading the response body tells.
   */
  onSent?: (listener: (outcome: SentOutcome) => void) => void;
  /**
   * Given by an adapter that can read the request's body whole without a web stream
   * (`@csvfn/adapter-node`: a stream's first use costs a cold Node 20 process ~5 ms). Reads until
   * the body ends or more than `maxBytes` have arrived, whichever comes first, so a result longer
   * than `maxBytes` means the body is over it (the rest is left unread, for the adapter to
   * discard). The `Request`'s body counts as used afterwards, as after `arrayBuffer()`.
   *
   * Returns `undefined` when the body is no longer the adapter's to read (the handler touched
   * `request.body`, or a framework read it first): read the `Request` then. Rejects when the body
   * cannot be read to its end (the client left).
   */
  readBody?: (maxBytes: number) => Promise<Uint8Array> | undefined;
  /**
   * A monotonic clock in milliseconds, as `performance.now()` counts them but from an origin of its
   * own, given by an adapter whose runtime has one that is cheaper at first use (`@csvfn/adapter-node`:
   * on Node 20 the first `performance.now()` loads `perf_hooks`, ~1.5 ms of a cold start). Only
   * differences between its readings mean anything (`Server-Timing`, a log line's duration).
   */
  now?: () => number;
}

/** How a response's sending ended, as {@link PlatformInfo.onSent} reports it. */
export interface SentOutcome {
  /** The connection closed before the last byte was written. */
  aborted?: boolean;
  /** The body's bytes as written, where the adapter knows them without counting a stream. */
  bytes?: number;
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

/** The options every adapter takes; each adapter's `<Provider>Options` extends them. */
export interface AdapterOptions {
  /**
   * Receives what the handler throws, rejects with or returns instead of a Response, and a response
   * body that fails for any reason but the client's input. The client gets the generic `500`
   * problem, never the error. Default: one `csvfn: the handler failed` line on `console.error`.
   */
  onError?: ErrorSink;
  /**
   * Bytes of response held back until its body has ended, so that a body failing after its `200`
   * (a bad NDJSON row past the first 64 KiB, a body over the limit, a gzip bomb) is answered with
   * its own problem (`422`, `413`, `400`) instead of a `200` cut short. Costs up to this much
   * memory per request in flight; past it the response streams, and a later failure is shown the
   * runtime's way (`docs/contract.md` lists each). `0` streams at once. The default is each
   * adapter's: 8 MiB ({@link DEFAULT_HOLD_BYTES}) where the runtime buffers responses anyway or
   * cannot show a cut stream (Workers, Vercel, Netlify, Azure), `0` where a cut is seen (Node, GCF,
   * Lambda streaming).
   */
  holdBytes?: number;
}

/** The option of the adapters that compress responses themselves (Node, GCF, Lambda). */
export interface CompressOptions {
  /**
   * Compress text responses (CSV, JSON) with gzip or br when the request's `Accept-Encoding` takes
   * one, flushing each chunk so a streamed response stays streamed; every such response says
   * `Vary: Accept-Encoding`. Default `true`; turn it off behind a proxy that compresses for you.
   */
  compress?: boolean;
}

/** What {@link AdapterOptions.holdBytes} is by default where the runtime cannot show a cut: 8 MiB. */
export const DEFAULT_HOLD_BYTES = 8 * 1024 * 1024;

/** The verdict of a provider-neutral rate limit: the core turns a refusal into `429` + `Retry-After`. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };
