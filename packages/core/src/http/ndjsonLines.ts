import { concatBytes } from '@csvfn/platform/internal';
import { isPlainObject } from '../flatten.js';
import { mayBeInexact, parseJson } from '../json/exactNumber.js';
import { locateJsonError } from '../json/syntaxError.js';
import { type BodyLimits, invalidUtf8, jsonTypeName, readBoundedBody } from './body.js';
import { HttpProblem } from './problem.js';

const NEWLINE = 0x0a;
/** `decode`'s options for a piece of a longer input. */
const STREAM: TextDecodeOptions = { stream: true };

/**
 * An NDJSON body a batch of lines at a time: each chunk of bytes is cut after its last newline
 * (a newline byte is never inside a UTF-8 character) and the whole lines are decoded in one call.
 * Invalid UTF-8 is a 400 as soon as a chunk holds it, before any of that chunk's lines is read,
 * even in the unfinished line at its end; a character split across chunks is fine.
 */
export class NdjsonLines {
  private readonly chunks: AsyncGenerator<Uint8Array>;
  /** Whole lines are decoded in one call each, so the decoder keeps no state between batches. */
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Checks the bytes of the unfinished line as they arrive (decoded for real once the line ends). */
  private pendingCheck: TextDecoder | undefined;
  /** The bytes of the unfinished line. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The last byte of the unfinished line so far (0 before any). */
  private pendingLast = 0;
  private atStart = true;
  private ended = false;
  /** The rest of a chunk's lines, when its first line went out on its own (see {@link next}). */
  private queued: LineBatch | undefined;

  /**
   * `decode`: false when the lines are read as bytes by something that checks their UTF-8 itself
   * (the direct path); their `text` is then empty.
   */
  constructor(
    request: Request,
    limits: BodyLimits,
    private readonly decode = true,
  ) {
    this.chunks = readBoundedBody(request, limits);
  }

  /**
   * The next lines the body completes, each ended by `\n`, as bytes and as text; at the end of the
   * body, the unfinished last line (without one, possibly empty); then `undefined`.
   */
  async next(): Promise<LineBatch | undefined> {
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      return queued;
    }
    while (!this.ended) {
      const chunk = await this.chunks.next();
      if (chunk.done) {
        this.ended = true;
        return this.batch(this.takePending(undefined));
      }
      const bytes = chunk.value;
      const last = bytes.lastIndexOf(NEWLINE);
      if (last === -1) {
        this.keep(bytes);
        continue;
      }
      let batch: LineBatch;
      if (this.pendingBytes === 0) batch = this.batch(bytes.subarray(0, last + 1));
      else {
        // The unfinished line is completed by the chunk's first line, in a small array of its own;
        // the chunk's other lines follow as the next batch, in place. (Copying the whole chunk
        // behind the few bytes of the unfinished line cost more than reading its lines.) Both are
        // checked here, so invalid UTF-8 anywhere in the chunk still comes before its lines.
        const first = bytes.indexOf(NEWLINE);
        batch = this.batch(this.takePending(bytes.subarray(0, first + 1)));
        if (first < last) this.queued = this.batch(bytes.subarray(first + 1, last + 1));
      }
      // Copied: the chunk it came in can go.
      if (last + 1 < bytes.byteLength) this.keep(bytes.slice(last + 1));
      return batch;
    }
    return undefined;
  }

  /** Stops reading the body (cancels it); the lines not read yet are dropped. */
  async close(): Promise<void> {
    this.ended = true;
    this.queued = undefined;
    await this.chunks.return(undefined);
  }

  private keep(bytes: Uint8Array): void {
    this.pendingCheck ??= new TextDecoder('utf-8', { fatal: true });
    try {
      this.pendingCheck.decode(bytes, STREAM);
    } catch {
      throw invalidUtf8();
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    if (bytes.byteLength > 0) this.pendingLast = bytes[bytes.byteLength - 1]!;
  }

  /** The unfinished line's bytes followed by `rest`, as one array. */
  private takePending(rest: Uint8Array | undefined): Uint8Array {
    const parts = rest ? [...this.pending, rest] : this.pending;
    const size = this.pendingBytes + (rest?.byteLength ?? 0);
    // The checker serves the next unfinished line too when it holds no part of a character, its
    // last byte being ASCII: a new decoder for nearly every chunk showed in the profile.
    if (this.pendingLast >= 0x80) this.pendingCheck = undefined;
    this.pendingLast = 0;
    this.pending = [];
    this.pendingBytes = 0;
    return concatBytes(parts, size);
  }

  private batch(bytes: Uint8Array): LineBatch {
    // A byte-order mark is dropped at the start of the body only (as a streaming decoder does).
    if (this.atStart) {
      this.atStart = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    if (!this.decode) return { bytes, text: '' };
    try {
      return { bytes, text: this.decoder.decode(bytes) };
    } catch {
      throw invalidUtf8();
    }
  }
}

/** Whole lines of an NDJSON body, as bytes and as the same text (unless not decoded). */
export interface LineBatch {
  bytes: Uint8Array;
  text: string;
}

/**
 * Where a batch's lines are: the text, the next line's offset and number (1-based), and whether
 * the text may hold a number a double cannot (then each line takes the exact-number parse).
 */
export interface LineCursor {
  text: string;
  offset: number;
  line: number;
  exact: boolean;
}

/** A cursor at the start of a batch whose first line is number `line + 1`. */
export function cursorAt(text: string, line: number): LineCursor {
  return { text, offset: 0, line, exact: mayBeInexact(text) };
}

/**
 * The next line's text (its `\r\n` or `\n` dropped), moving the cursor past it; `undefined` for
 * a blank line. Call while `cursor.offset < cursor.text.length`.
 */
export function nextLine(cursor: LineCursor): string | undefined {
  const { text, offset } = cursor;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  cursor.offset = end + 1;
  cursor.line++;
  return lineText(text, offset, end);
}

/** The line in `text[start, end)` (its `\n` left out) without its `\r`; `undefined` if blank. */
export function lineText(text: string, start = 0, end = text.length): string | undefined {
  if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
  const line = text.slice(start, end);
  // Most lines start with `{`: only a line that starts with a space or a non-ASCII character can be blank.
  const first = line.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return line;
  return line.trim() === '' ? undefined : line;
}

/**
 * One NDJSON line as a row: a plain object, or a 400 (`invalid-json` with the line and column, or
 * `invalid-body` pointing at row `row`, 0-based, and the line).
 */
export function parseLine(text: string, cursor: LineCursor, row: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = cursor.exact ? parseJson(text) : JSON.parse(text);
  } catch {
    const { line } = cursor;
    const where = locateJsonError(text);
    throw new HttpProblem('invalid-json', `${where.message} at line ${line}, column ${where.column}.`, {
      line,
      column: where.column,
    });
  }
  // The same 400 as a non-object element of a JSON array, pointing at the row and its line.
  if (!isPlainObject(value)) {
    const { line } = cursor;
    const message = `Expected object, received ${jsonTypeName(value)}`;
    throw new HttpProblem('invalid-body', `Line ${line} is not an object: ${message.toLowerCase()}.`, {
      line,
      errors: [{ pointer: `/${row}`, message }],
      errorCount: 1,
    });
  }
  return value;
}
