import { CsvValidationError } from '../errors.js';
import type { AnswerContext } from './answerContext.js';
import { readNdjsonRows } from './body.js';
import { invalidRows, isTooDeep, tooDeep, tooManyRows } from './problem.js';
import type { Stats, StreamOutcome } from './requestStats.js';

/** A streamed (NDJSON) answer is held back until this much CSV is ready, so early errors still get a clean 4xx. */
const STREAM_COMMIT_BYTES = 65_536;

/**
 * An NDJSON body: rows are converted as they arrive. The first STREAM_COMMIT_BYTES of CSV are held
 * back, so a small body is checked whole and an early error still gets its own status; after that
 * the 200 goes out and the rest streams, pulled only as fast as the client reads.
 */
export async function ndjsonStream(request: Request, context: AnswerContext): Promise<Response> {
  const { converter, limits, maxRows, headers, stats } = context;
  const records = converter.records(countRows(readNdjsonRows(request, limits), maxRows, stats));
  const encoder = new TextEncoder();
  let head = '';
  let done = false;
  try {
    while (head.length < STREAM_COMMIT_BYTES) {
      const next = await records.next();
      if (next.done) {
        done = true;
        break;
      }
      head += next.value;
    }
  } catch (error) {
    if (error instanceof CsvValidationError) {
      throw invalidRows(
        error,
        `Row ${error.rowCount} is invalid; a streamed (NDJSON) body stops at its first invalid row.`,
      );
    }
    throw error;
  }
  if (done) {
    const body = encoder.encode(head);
    stats.bytesOut = body.byteLength;
    return new Response(body, { status: 200, headers });
  }
  let first: string | undefined = head;
  let settle!: (outcome: StreamOutcome) => void;
  stats.streamed = new Promise((resolve) => {
    settle = resolve;
  });
  stats.bytesOut = 0;
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: string) => {
    const bytes = encoder.encode(chunk);
    stats.bytesOut! += bytes.byteLength;
    controller.enqueue(bytes);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = first ?? '';
        first = undefined;
        try {
          while (chunk.length < STREAM_COMMIT_BYTES) {
            const next = await records.next();
            if (next.done) {
              if (chunk !== '') send(controller, chunk);
              controller.close();
              settle({});
              return;
            }
            chunk += next.value;
          }
        } catch (error) {
          // The 200 is already sent: ending the body with an error is the only signal left (see README).
          if (chunk !== '') send(controller, chunk);
          controller.error(error);
          settle({ error: lateProblem(error) });
          return;
        }
        send(controller, chunk);
      },
      async cancel() {
        settle({ aborted: true });
        await records.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers });
}

/** The problem an error after the 200 would have earned, for the log line only. */
function lateProblem(error: unknown): unknown {
  if (error instanceof CsvValidationError) return invalidRows(error, error.message);
  return isTooDeep(error) ? tooDeep() : error;
}

/** Rows passed through, counted into `stats.rows`; one past `maxRows` is a 413. */
async function* countRows(
  rows: AsyncIterable<unknown>,
  maxRows: number,
  stats: Stats,
): AsyncGenerator<unknown> {
  let count = 0;
  for await (const row of rows) {
    if (++count > maxRows) throw tooManyRows(maxRows);
    stats.rows = count;
    yield row;
  }
}
