import { LateProblem } from '@csvfn/platform';
import type { RecordWriter } from '../convert.js';
import { CsvValidationError } from '../errors.js';
import type { AnswerContext } from './answerContext.js';
import { cursorAt, NdjsonLines, nextLine, parseLine } from './ndjsonLines.js';
import { HttpProblem, invalidRows, isTooDeep, tooDeep, tooManyRows } from './problem.js';
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
  const csv = new NdjsonCsv(new NdjsonLines(request, limits), converter.writer(), maxRows, stats);
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
  private csv = '';
  private cursor = cursorAt('', 0);
  /** Rows so far (the 0-based index of the next). */
  private rows = 0;
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(0);

  constructor(
    private readonly lines: NdjsonLines,
    private readonly writer: RecordWriter,
    private readonly maxRows: number,
    private readonly stats: Stats,
  ) {}

  /** Converts lines until at least `size` characters of CSV are waiting; `true` once the body has ended. */
  async fill(size: number): Promise<boolean> {
    try {
      for (;;) {
        if (this.convert(size)) return false;
        const text = await this.lines.next();
        if (text === undefined) {
          this.csv += this.writer.end();
          return true;
        }
        this.cursor = cursorAt(text, this.cursor.line);
      }
    } catch (error) {
      await this.lines.close();
      throw error;
    } finally {
      if (this.rows > 0) this.stats.rows = this.rows;
    }
  }

  /**
   * Converts the batch's lines until `size` characters are waiting (`true`) or the batch is done.
   * Each line is parsed, counted, validated and written here: where a direct line-to-record
   * transcoder would slot in, falling back to this for a line it cannot take.
   */
  private convert(size: number): boolean {
    const { cursor, writer, maxRows } = this;
    const { text } = cursor;
    let { csv, rows } = this;
    try {
      while (csv.length < size) {
        if (cursor.offset >= text.length) return false;
        const line = nextLine(cursor);
        if (line === undefined) continue;
        const row = parseLine(line, cursor, rows);
        if (rows === maxRows) throw tooManyRows(maxRows);
        rows++;
        csv += writer.write(row);
      }
      return true;
    } finally {
      this.csv = csv;
      this.rows = rows;
    }
  }

  /** The CSV written so far, handed over as UTF-8. */
  take(): Uint8Array<ArrayBuffer> {
    const { csv } = this;
    this.csv = '';
    // Into a reused buffer, then copied out at its length: on Node 20, about a third cheaper than
    // `encode` (which measures the text and allocates apart).
    if (this.scratch.length < csv.length * 3) this.scratch = new Uint8Array(csv.length * 3);
    return this.scratch.slice(0, this.encoder.encodeInto(csv, this.scratch).written);
  }

  /** Stops reading the body. */
  close(): Promise<void> {
    return this.lines.close();
  }
}

/** The problem a client's bad input earned while streaming; `undefined` for our own failure. */
function streamProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
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
