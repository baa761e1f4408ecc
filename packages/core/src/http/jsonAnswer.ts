import { CsvValidationError } from '../errors.js';
import type { AnswerContext } from './answerContext.js';
import { assertArrayOfObjects, parseJsonBody, readBodyText } from './body.js';
import { invalidRows, tooManyRows } from './problem.js';

/** A JSON array body: read whole, checked whole, converted whole, so any error gets its own status. */
export async function jsonAnswer(request: Request, context: AnswerContext): Promise<Response> {
  const { converter, limits, maxRows, headers, stats, timing } = context;
  const text = await readBodyText(request, limits);
  timing.mark('read');
  const rows = parseJsonBody(text);
  if (Array.isArray(rows) && rows.length > maxRows) throw tooManyRows(maxRows);
  assertArrayOfObjects(rows);
  stats.rows = rows.length;
  timing.mark('parse');
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = converter.toCsvBytes(rows);
  } catch (error) {
    if (error instanceof CsvValidationError) throw invalidRows(error, error.message);
    throw error;
  } finally {
    timing.mark('convert');
  }
  stats.bytesOut = body.byteLength;
  return new Response(body, { status: 200, headers });
}
