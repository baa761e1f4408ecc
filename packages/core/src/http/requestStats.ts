/** Per-request facts for the log line, filled in as the request is answered. */
export interface Stats {
  rows?: number;
  bytesIn?: number;
  bytesOut?: number;
  /** Set for a streamed answer: settles when its body has ended, failed or been cancelled. */
  streamed?: Promise<StreamOutcome>;
}

/** How a streamed body ended: `error` if it failed, `aborted` if the client went away. */
export interface StreamOutcome {
  error?: unknown;
  aborted?: boolean;
}

/** The request with its body bytes counted into `stats.bytesIn` as they are read (before decompression). */
export function countBytesIn(request: Request, stats: Stats): Request {
  if (!request.body || request.body.locked || request.method !== 'POST') return request;
  stats.bytesIn = 0;
  const reader = request.body.getReader();
  // Pulls from the client only when the handler reads: no read-ahead past a limit.
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        stats.bytesIn! += value.byteLength;
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit);
}
