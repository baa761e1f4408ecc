/**
 * Rows converted between two turns given back to the event loop, by default. A 10k-row body is
 * about 13 ms of conversion on one thread: without a break, every other request on the process
 * waits behind it (the HTTP bench's 10k-row p99). 1,000 rows is about 1 ms, and a 1k-row body (the
 * common size) takes no break at all. Chosen from `pnpm bench fairness` (10k rows, beside Go):
 * p99 0.79× Go's at 1,000 rows against 1.40× in one go, for 12–14% more CPU per request;
 * 2,000 gave 1.00×, 500 no better than 1,000.
 */
export const DEFAULT_BATCH_ROWS = 1_000;

/**
 * Gives the event loop a turn: other requests' I/O (and their own batches) run before this one goes
 * on. `setImmediate` where there is one (Node, Bun, Deno): a macrotask after the poll phase, with
 * no 1 ms clamp; elsewhere a zero timeout.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
