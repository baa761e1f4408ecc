import { restRows, TooManyRecords } from '../convert.js';
import { CsvValidationError } from '../errors.js';
import { DirectBatches, MORE } from '../json/direct.js';
import type { AnswerContext } from './answerContext.js';
import { yieldToEventLoop } from './batches.js';
import { assertArrayOfObjects, decodeBody, parseJsonBody, readBodyBytes } from './body.js';
import { invalidRows, tooManyRows } from './problem.js';

/** A JSON array body: read whole, checked whole, converted whole, so any error gets its own status. */
export async function jsonAnswer(request: Request, context: AnswerContext): Promise<Response> {
  const { converter, limits, maxRows, batchRows, headers, stats, timing } = context;
  const bytes = await readBodyBytes(request, limits);
  timing.mark('read');
  // Flat rows under a plain schema go straight from the bytes to CSV, a batch of rows between turns
  // of the event loop (so a large body does not hold every other request); the rest, errors
  // included, below.
  const plan = converter.directPlan();
  const batches = plan && new DirectBatches(bytes, plan, maxRows, batchRows);
  let step = batches?.next();
  while (step === MORE) {
    await yieldToEventLoop();
    step = batches!.next();
  }
  const direct = step;
  if (direct && 'bytes' in direct) {
    stats.rows = direct.rows;
    timing.mark('convert');
    stats.bytesOut = direct.bytes.byteLength;
    return new Response(stats.watch?.(direct.bytes) ?? direct.bytes, { status: 200, headers });
  }
  // Where the direct path stopped at a row, the general path goes on from that row; where the rest
  // is not JSON (or it did not start), it reads the whole body, to say where it breaks.
  const rest = direct && restRows(bytes, direct.at);
  const first = rest ? direct.rows : 0;
  const rows = rest ?? parseJsonBody(decodeBody(bytes));
  if (Array.isArray(rows) && first + rows.length > maxRows) throw tooManyRows(maxRows);
  assertArrayOfObjects(rows, first);
  stats.rows = first + rows.length;
  timing.mark('parse');
  let body: Uint8Array<ArrayBuffer>;
  try {
    // `maxRows` counts the records written, which `unwind` may make more of than the rows.
    body = rest ? converter.finishCsvBytes(rows, direct) : converter.toCsvBytes(rows, maxRows);
  } catch (error) {
    if (error instanceof CsvValidationError) throw invalidRows(error, error.message);
    if (error instanceof TooManyRecords) throw tooManyRows(maxRows);
    throw error;
  } finally {
    timing.mark('convert');
  }
  stats.bytesOut = body.byteLength;
  return new Response(stats.watch?.(body) ?? body, { status: 200, headers });
}
