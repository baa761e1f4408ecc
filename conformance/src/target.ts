/**
 * A deploy target as the conformance suite sees it: something that hosts the conformance app
 * (`src/app.ts`) in its real or closest-real runtime and lets a test send it one request.
 *
 * Adding a target is one entry in `src/targets.ts`; every case then runs against it and its
 * answers are compared byte for byte with the reference target's.
 */
export interface Target {
  /** Shown in test names, e.g. `node-http`, `lambda-v2`, `workers`. */
  readonly name: string;
  /** Starts the runtime (a server, workerd, a local Lambda) with the conformance app inside. */
  start(): Promise<RunningTarget>;
  /**
   * Cases where this home's platform answers before or instead of csvfn, by case name: each is
   * run all the same, and its test pins what the platform does instead (never a silent skip).
   */
  readonly differences?: Readonly<Record<string, KnownDifference>>;
  /**
   * Its platform's DecompressionStream follows the Compression Streams standard and refuses
   * anything after the first gzip member (400 `invalid-gzip`), where Node's inflates every member
   * and skips trailing zeros: workerd, Deno and Bun. A known difference, listed in SECURITY.md.
   */
  readonly standardGzip?: boolean;
}

/** A documented way a platform answers otherwise than csvfn would (also listed in docs/deploy/). */
export interface KnownDifference {
  /** Why, in a line: shown in the test's name. */
  reason: string;
  /** Asserts the answer the platform gives instead. */
  check(response: WireResponse): void;
}

export interface RunningTarget {
  /** Sends one request exactly as described and captures the answer. */
  send(request: WireRequest): Promise<WireResponse>;
  /** The origin it listens on, for a raw-socket client; absent for a target reached in-process. */
  url?: string;
  /** Its `url` speaks HTTP/2 (h2c, or h2 negotiated over TLS), not HTTP/1.1. */
  http2?: boolean;
  /**
   * For a target reached in-process: the answer as its caller gets it, body not yet read, so a
   * test can see how that body ends (done, failed, or neither).
   */
  fetch?(request: WireRequest): Promise<Response>;
  /** Stops whatever `start` started. */
  close(): Promise<void>;
}

/** A request as bytes on the wire: nothing added, nothing normalised. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/employee/api?delimiter=%3B`. The first segment names the app. */
  path: string;
  /** Header names in lower case. No `content-length` unless a case sets one on purpose. */
  headers: Record<string, string>;
  body?: Uint8Array;
  /**
   * Send the body with `Transfer-Encoding: chunked` in these chunk sizes instead of with a
   * `Content-Length` (targets that buffer the body, like Lambda, ignore this).
   */
  chunked?: boolean;
}

export interface WireResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Uint8Array;
}
