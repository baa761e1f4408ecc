/** Per-request facts for the log line, filled in where they happen as the request is answered. */
export interface Stats {
  rows?: number;
  /** The body's bytes as they came (before decompression), counted by the body reader. */
  bytesIn?: number;
  bytesOut?: number;
  /** Set for a streamed answer: settles when its body has ended, failed or been cancelled. */
  streamed?: Promise<StreamOutcome>;
  /**
   * Set on a traced request: a whole answer's body goes through it, and comes back as a stream that
   * tells the request's span when the client has read its last byte (or cancelled).
   */
  watch?: (body: Uint8Array<ArrayBuffer>) => ReadableStream<Uint8Array>;
}

/** How a streamed body ended: `error` if it failed, `aborted` if the client went away. */
export interface StreamOutcome {
  error?: unknown;
  aborted?: boolean;
}
