import type { PlatformInfo, RateLimitVerdict } from '@csvfn/platform';
import type { ConverterOptions } from '../convert.js';
import type { RowSchema } from '../schema.js';
import type { CorsOptions } from './cors.js';
import type { Logger } from './log.js';
import type { QueryOption } from './negotiate.js';
import type { Meter, Tracer } from './openTelemetry.js';

// Declared once, in @csvfn/platform, for every adapter; re-exported so core's users need one import.
export type { FetchHandler, PlatformInfo, RateLimitVerdict } from '@csvfn/platform';

/**
 * What {@link createCsvHandler} returns: a `FetchHandler` for every adapter, and callable without
 * `platform` too (in a test, or from your own router), so `platform` stays optional here.
 */
export type CsvHandler = (request: Request, platform?: PlatformInfo) => Promise<Response>;

/**
 * Decides whether one more request may run. `key` is `key:<digest>` for a request with a valid API
 * key, else `ip:<address>` (or `anonymous`). Provider-neutral: plug in a platform limiter here.
 */
export type RateLimit = (key: string, request: Request) => RateLimitVerdict | Promise<RateLimitVerdict>;

/** Options of {@link createCsvHandler}: the converter's, plus the limits and guards of the HTTP contract. */
export interface HandlerOptions<S extends RowSchema | undefined = RowSchema | undefined>
  extends ConverterOptions<S> {
  /** Largest body accepted, counted after decompression. Default 4 MiB (under Vercel's 4.5 MB and Lambda's 6 MB). */
  maxBodyBytes?: number;
  /** Most rows accepted in one request. Default 100,000. */
  maxRows?: number;
  /**
   * Rows converted between two turns given back to the event loop, so one large body does not hold
   * every other request on the process (it shortens their wait, at a small cost in throughput).
   * Default 1,000; `Infinity` converts each body in one go.
   */
  batchRows?: number;
  /** Download name, `.csv` (or `.tsv`) added. Default `data`. */
  filename?: string;
  /**
   * Which query options a request may set: `true` (all, the default), `false` (none), or a list.
   * An option left out is fixed to the server's value, and a request that sets it gets a 400.
   */
  allowQueryOptions?: boolean | readonly QueryOption[];
  /** Cross-origin access: `true` for any origin, or an allow-list. Default off. */
  cors?: boolean | CorsOptions;
  /**
   * Require `Authorization: Bearer <key>` with one of these keys (several, to rotate without
   * downtime). An `undefined` entry (an unset `process.env.NEXT_KEY`) is skipped; a list whose
   * every entry is unset lets no request in.
   */
  apiKeys?: ReadonlyArray<string | undefined>;
  /** A limiter consulted for every POST; a refusal is a 429 with `Retry-After`. */
  rateLimit?: RateLimit;
  /** Where the per-request log line goes. Default: JSON on the console; `false` for none. */
  logger?: Logger | false;
  /**
   * Send a `Server-Timing` header with the duration of each step (`read`, `parse`, `convert`,
   * `total`, in milliseconds). Default `true`.
   */
  serverTiming?: boolean;
  /**
   * A path (e.g. `'/healthz'`) that answers `GET` and `HEAD` with 200 and `{"status":"ok"}`, for a
   * load balancer's health check: no API key, never rate limited. Default: none (off).
   */
  healthPath?: string;
  /**
   * An OpenTelemetry API tracer (`trace.getTracer('my-app')`): each request gets one SERVER span,
   * a child of the caller's `traceparent`, that ends when the client has read the last byte of the
   * answer. Default: none (nothing traced). See docs/telemetry.md.
   */
  tracer?: Tracer;
  /**
   * An OpenTelemetry API meter (`metrics.getMeter('my-app')`) for `http.server.request.duration`
   * and csvfn's counters of rows, bytes and rejections. Default: none.
   */
  meter?: Meter;
}

/** The default `maxBodyBytes`: 4 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The default `maxRows`: 100,000. */
export const DEFAULT_MAX_ROWS = 100_000;
