import { ByteWriter } from '../byteWriter.js';
import { type DirectPlan, type DirectResult, DirectRows, type DirectStop } from '../json/direct.js';
import { FAIL, skipSpace } from '../json/scanner.js';

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

/** What {@link DirectBatches.next} gives while the body has rows left: yield, then call it again. */
export const MORE = 'more' as const;

/**
 * The direct path over a JSON array body (`directStart` of json/direct.ts), `batchRows` rows per
 * call of {@link next}, so the caller can give the event loop a turn between batches and a large
 * body shares the thread. The same reader writes the same bytes in the same order: the answer, and
 * where it stops for the general path, are those of `directStart`. A body of one batch or less is
 * done in one synchronous call, with no await added to its request.
 */
export class DirectBatches {
  private readonly reader: DirectRows;
  private readonly out: ByteWriter;
  private i: number;
  private rows = 0;
  /** Where the array's rows start; -1 when the body is not an array at all. */
  private readonly first: number;

  constructor(
    private readonly body: Uint8Array,
    plan: DirectPlan,
    private readonly maxRows: number,
    private readonly batchRows: number,
  ) {
    this.out = new ByteWriter(body.length + plan.preamble.length * 3 + 64);
    this.out.string(plan.preamble);
    this.reader = new DirectRows(plan, this.out);
    let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    i = skipSpace(body, i);
    this.first = body[i] === 0x5b /* [ */ ? skipSpace(body, i + 1) : -1;
    this.i = this.first;
  }

  /** The next batch of rows: the result (as `directStart`'s), or {@link MORE}. */
  next(): DirectResult | DirectStop | undefined | typeof MORE {
    const { body, reader, out, maxRows } = this;
    let { i, rows } = this;
    if (i === -1) return undefined;
    if (i === this.first && body[i] === 0x5d /* ] */) i++;
    else {
      const pause = rows + this.batchRows;
      for (;;) {
        const at = i;
        i = reader.row(body, i);
        if (i === FAIL) return rows < maxRows ? { at, rows, out } : undefined;
        if (++rows > maxRows) return undefined;
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        const next = body[i];
        if (next === 0x5d /* ] */) {
          i++;
          break;
        }
        if (next !== 0x2c /* , */) return undefined;
        i = i + 1;
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        if (rows === pause) {
          this.i = i;
          this.rows = rows;
          return MORE;
        }
      }
    }
    if (skipSpace(body, i) !== body.length) return undefined;
    return { bytes: out.bytes(), rows };
  }
}
