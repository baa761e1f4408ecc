import { TooManyRecords } from '../convert.js';
import { CsvValidationError } from '../errors.js';
import type { AnswerContext } from './answerContext.js';
import { assertArrayOfObjects, decodeBody, parseJsonBody, readBodyBytes } from './body.js';
import { invalidRows, tooManyRows } from './problem.js';

/** A JSON array body: read whole, checked whole, converted whole, so any error gets its own status. */
export async function jsonAnswer(request: Request, context: AnswerContext): Promise<Response> {
  const { converter, limits, maxRows, headers, stats, timing } = context;
  const bytes = await readBodyBytes(request, limits);
  timing.mark('read');
  // Flat rows under a plain schema go straight from the bytes to CSV; the rest, errors included, below.
  const direct = converter.directCsvBytes(bytes, maxRows);
  if (direct) {
    stats.rows = direct.rows;
    timing.mark('convert');
    stats.bytesOut = direct.bytes.byteLength;
    return new Response(direct.bytes, { status: 200, headers });
  }
  const rows = parseJsonBody(decodeBody(bytes));
  if (Array.isArray(rows) && rows.length > maxRows) throw tooManyRows(maxRows);
  assertArrayOfObjects(rows);
  stats.rows = rows.length;
  timing.mark('parse');
  let body: Uint8Array<ArrayBuffer>;
  try {
    // `maxRows` counts the records written, which `unwind` may make more of than the rows.
    body = converter.toCsvBytes(rows, maxRows);
  } catch (error) {
    if (error instanceof CsvValidationError) throw invalidRows(error, error.message);
    if (error instanceof TooManyRecords) throw tooManyRows(maxRows);
    throw error;
  } finally {
    timing.mark('convert');
  }
  stats.bytesOut = body.byteLength;
  return new Response(body, { status: 200, headers });
}
