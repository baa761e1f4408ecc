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

/**
 * The request with its body bytes counted into `stats.bytesIn` as they are read (before
 * decompression). The runtime's body is locked only once the handler reads it, and released when
 * it ends or the copy is cancelled: an answer that never reads it (a 415, a 401) leaves it
 * unlocked for the runtime to drain, which `wrangler dev` needs to answer the next request.
 */
export function countBytesIn(request: Request, stats: Stats): Request {
  const source = request.body;
  if (!source || source.locked || request.method !== 'POST') return request;
  stats.bytesIn = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // Pulls from the client only when the handler reads: no read-ahead past a limit.
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (done) {
          reader.releaseLock();
          return controller.close();
        }
        stats.bytesIn! += value.byteLength;
        controller.enqueue(value);
      },
      // Released, not cancelled: the runtime drains or drops the rest itself, as after an answer
      // that never read it. Cancelling it made `wrangler dev` answer the next request 503.
      cancel() {
        reader?.releaseLock();
      },
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
