import { LateProblem } from '@csvfn/platform';
import { ByteWriter } from '../byteWriter.js';
import type { RecordWriter } from '../convert.js';
import { ColumnsError, CsvValidationError } from '../errors.js';
import { type DirectPlan, DirectRows } from '../json/direct.js';
import { FAIL, skipSpace } from '../json/scanner.js';
import type { AnswerContext } from './answerContext.js';
import { invalidUtf8 } from './body.js';
import { cursorAt, type LineCursor, lineText, NdjsonLines, nextLine, parseLine } from './ndjsonLines.js';
import { HttpProblem, invalidRows, isTooDeep, tooDeep, tooManyRows } from './problem.js';
import type { Stats, StreamOutcome } from './stats.js';

/** A streamed (NDJSON) answer is held back until this much CSV is ready, so early errors still get a clean 4xx. */
const STREAM_COMMIT_BYTES = 65_536;

/**
 * An NDJSON body: rows are converted as they arrive. The first STREAM_COMMIT_BYTES of CSV are held
 * back, so a small body is checked whole and an early error still gets its own status; after that
 * the 200 goes out and the rest streams, pulled only as fast as the client reads.
 */
export async function ndjsonStream(request: Request, context: AnswerContext): Promise<Response> {
  const { converter, limits, maxRows, headers, stats } = context;
  const plan = converter.directPlan();
  const csv = new NdjsonCsv(
    new NdjsonLines(request, limits, !plan),
    converter.writer(),
    maxRows,
    stats,
    plan,
  );
  let done: boolean;
  try {
    done = await csv.fill(STREAM_COMMIT_BYTES);
  } catch (error) {
    throw streamProblem(error) ?? error;
  }
  if (done) {
    const body = csv.take();
    stats.bytesOut = body.byteLength;
    return new Response(body, { status: 200, headers });
  }
  let settle!: (outcome: StreamOutcome) => void;
  stats.streamed = new Promise((resolve) => {
    settle = resolve;
  });
  stats.bytesOut = 0;
  const send = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const bytes = csv.take();
    if (bytes.byteLength === 0) return;
    stats.bytesOut! += bytes.byteLength;
    controller.enqueue(bytes);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (await csv.fill(STREAM_COMMIT_BYTES)) {
            send(controller);
            controller.close();
            settle({});
            return;
          }
        } catch (error) {
          // The 200 may be out: the body ends with the problem it earned, for the adapter to answer
          // (if it still holds the answer) or to cut the connection on. A bug stays a bug.
          send(controller);
          const problem = streamProblem(error);
          controller.error(problem ? toLateProblem(problem, context.problemHeaders) : error);
          settle({ error: problem ?? error });
          return;
        }
        send(controller);
      },
      async cancel() {
        settle({ aborted: true });
        await csv.close();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers });
}

/**
 * NDJSON lines to CSV records, a batch of lines per read of the body: one await per chunk of
 * bytes, and a plain loop over its lines. A failure ends the body's reading and leaves the CSV of
 * the rows before it to be taken.
 */
class NdjsonCsv {
  /** CSV written and not yet taken. */
  private readonly out = new ByteWriter(STREAM_COMMIT_BYTES * 2);
  /** Reads flat rows straight from the line's bytes, when the converter allows. */
  private readonly direct: DirectRows | undefined;
  private cursor = cursorAt('', 0);
  /** The batch's bytes, and where its next line starts in them (read directly). */
  private bytes: Uint8Array = new Uint8Array(0);
  private offset = 0;
  /** Rows so far (the 0-based index of the next). */
  private rows = 0;
  /**
   * For a line the direct path leaves to the general one. The direct path checks the UTF-8 of the
   * lines it takes; this checks the rest (a line is whole: a character never spans two).
   */
  private readonly lineDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(
    private readonly lines: NdjsonLines,
    private readonly writer: RecordWriter,
    private readonly maxRows: number,
    private readonly stats: Stats,
    plan: DirectPlan | undefined,
  ) {
    this.direct = plan && new DirectRows(plan, this.out);
  }

  /** Converts lines until at least `size` bytes of CSV are waiting; `true` once the body has ended. */
  async fill(size: number): Promise<boolean> {
    try {
      for (;;) {
        if (this.direct ? this.convertBytes(size, this.direct) : this.convertText(size)) return false;
        const batch = await this.lines.next();
        if (batch === undefined) {
          this.out.string(this.writer.end());
          return true;
        }
        if (this.direct) this.bytes = batch.bytes;
        else this.cursor = cursorAt(batch.text, this.cursor.line);
        this.offset = 0;
      }
    } catch (error) {
      await this.lines.close();
      throw error;
    } finally {
      if (this.rows > 0) this.stats.rows = this.rows;
    }
  }

  /**
   * Converts the batch's lines until `size` bytes are waiting (`true`) or the batch is done. Each
   * line is parsed, counted, validated and written here.
   */
  private convertText(size: number): boolean {
    const { cursor, writer, maxRows, out } = this;
    const { text } = cursor;
    let { rows } = this;
    try {
      while (out.length < size) {
        if (cursor.offset >= text.length) return false;
        const line = nextLine(cursor);
        if (line === undefined) continue;
        const row = parseRow(line, cursor, rows, maxRows);
        rows++;
        const records = writer.write(row);
        // `maxRows` counts the records written, which `unwind` may make more of than the rows.
        if (writer.records > maxRows) throw tooManyRows(maxRows);
        out.string(records);
      }
      return true;
    } finally {
      this.rows = rows;
    }
  }

  /**
   * {@link convertText} over the batch's bytes: each line read straight into its CSV record, and a
   * line the direct path cannot take (bad JSON, a failing row, past `maxRows`…) decoded and taken
   * by the general path, which answers it as before.
   */
  private convertBytes(size: number, direct: DirectRows): boolean {
    const { bytes, writer, maxRows, out, cursor } = this;
    const length = bytes.length;
    let { offset, rows } = this;
    // Kept in locals through the loop (about a hundred bytes a line: its overhead counts).
    let line = cursor.line;
    try {
      while (out.length < size) {
        if (offset >= length) return false;
        const start = offset;
        // The usual line, a row from its first byte: read in place (no subarray per line), its end
        // found after the row instead of by a search for the newline first (that search was about
        // three quarters of this loop's time). The row counts only if it ends on its own line, with
        // nothing but whitespace after it; one with whitespace inside is searched for a line break.
        const fast = bytes[start] === 0x7b /* { */ && rows > 0 && rows < maxRows;
        if (fast) {
          const mark = out.length;
          direct.spaced = false;
          const after = direct.row(bytes, start);
          if (after !== FAIL) {
            let end = after;
            while (bytes[end] === 0x20 || bytes[end] === 0x09 || bytes[end] === 0x0d) end++;
            if (
              (end === length || bytes[end] === 0x0a) &&
              (!direct.spaced || lineEnd(bytes, start) === end)
            ) {
              offset = end + 1;
              line++;
              rows++;
              writer.countWritten();
              continue;
            }
          }
          out.length = mark;
        }
        const end = lineEnd(bytes, start);
        offset = end + 1;
        line++;
        if (rows < maxRows && !fast) {
          const first = skipSpace(bytes, start);
          if (first >= end) continue; // a blank line
          const mark = out.length;
          if (rows === 0) out.string(direct.plan.preamble);
          const after = direct.row(bytes, first);
          if (after === end || (after !== FAIL && after < end && skipSpace(bytes, after) >= end)) {
            rows++;
            writer.countWritten();
            continue;
          }
          out.length = mark;
        }
        // The general path takes the line, and answers for it (bad JSON, a failing row, maxRows…).
        cursor.line = line;
        let text: string;
        try {
          text = this.lineDecoder.decode(bytes.subarray(start, end));
        } catch {
          throw invalidUtf8();
        }
        const content = lineText(text);
        if (content === undefined) continue;
        const row = parseRow(content, cursorAt(content, line), rows, maxRows);
        rows++;
        out.string(writer.write(row));
      }
      return true;
    } finally {
      this.offset = offset;
      this.rows = rows;
      cursor.line = line;
    }
  }

  /** The CSV written so far, handed over. */
  take(): Uint8Array<ArrayBuffer> {
    const { out } = this;
    const bytes = out.buffer.slice(0, out.length);
    out.length = 0;
    return bytes;
  }

  /** Stops reading the body. */
  close(): Promise<void> {
    return this.lines.close();
  }
}

/** Where the line starting at `start` ends: its newline, or the end of the batch. */
function lineEnd(bytes: Uint8Array, start: number): number {
  const end = bytes.indexOf(0x0a, start);
  return end === -1 ? bytes.length : end;
}

/** One line's row through the general path: parsed (a 400 for bad JSON or a non-object), then the row limit (413). */
function parseRow(line: string, cursor: LineCursor, rows: number, maxRows: number): Record<string, unknown> {
  const row = parseLine(line, cursor, rows);
  if (rows === maxRows) throw tooManyRows(maxRows);
  return row;
}

/** The problem a client's bad input earned while streaming; `undefined` for our own failure. */
function streamProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ColumnsError) {
    return invalidRows(
      error,
      `Row ${error.rowCount} has a column the first row did not have; without a schema, a streamed (NDJSON) body takes its columns from its first row.`,
    );
  }
  if (error instanceof CsvValidationError) {
    return invalidRows(
      error,
      `Row ${error.rowCount} is invalid; a streamed (NDJSON) body stops at its first invalid row.`,
    );
  }
  return isTooDeep(error) ? tooDeep() : undefined;
}

/** The platform's late-failure form of a problem, so an adapter can answer it without knowing CSV. */
function toLateProblem(problem: HttpProblem, headers: Record<string, string>): LateProblem {
  return new LateProblem(problem.status, JSON.stringify(problem.toJSON()), {
    ...problem.headers,
    ...headers,
  });
}
