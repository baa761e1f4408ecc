import { Tokenizer, TokenizerError, TokenParser } from '@streamparser/json';
import { InputError } from './errors.js';

/** How the input is framed: one JSON array, or one JSON value per line. */
export type InputFormat = 'json' | 'ndjson';

/** What the reader has seen so far, for progress and for error messages. */
export interface ReadState {
  /** The framing, once the first byte has told it. */
  format?: InputFormat;
  /** 1-based line of the NDJSON row read last. */
  line?: number;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NO_ROW = Symbol('no row');
const NDJSON_HINT =
  'input not starting with "[" is read as NDJSON, one JSON object per line; a JSON file must hold an array of objects';

/**
 * The rows of a JSON array or of NDJSON, as they arrive: memory holds one chunk, never the input.
 * The first non-blank character decides: `[` is a JSON array, anything else NDJSON. A leading
 * byte-order mark is skipped; invalid UTF-8 and malformed JSON throw {@link InputError} with
 * the line and column.
 */
export async function* readRows(
  chunks: AsyncIterable<Uint8Array>,
  state: ReadState = {},
): AsyncGenerator<unknown, void, undefined> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Read until the first significant byte (and enough bytes to see a BOM), then hand everything on.
  let head: Uint8Array = new Uint8Array(0);
  let ended = false;
  let body = head;
  for (;;) {
    body = hasBom(head) ? head.subarray(3) : head;
    if (head.length >= 3 && body.some((byte) => !SPACE.has(byte))) break;
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head = concat(head, next.value);
  }
  if (ended && body.every((byte) => SPACE.has(byte))) return;
  const rest = (async function* () {
    if (body.length > 0) yield body;
    if (!ended) {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
  })();
  const format: InputFormat = body.find((byte) => !SPACE.has(byte)) === 0x5b ? 'json' : 'ndjson';
  state.format = format;
  if (format === 'json') yield* jsonArrayRows(rest);
  else yield* ndjsonRows(rest, state);
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** NDJSON: one value per line, blank lines skipped, CRLF allowed; a line is parsed only once whole. */
async function* ndjsonRows(chunks: AsyncIterable<Uint8Array>, state: ReadState): AsyncGenerator<unknown> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let line = 0;
  const parseLine = (text: string): unknown => {
    line++;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return NO_ROW;
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      const where = locateInText(trimmed);
      // The first line failing usually means the input is not NDJSON at all: say how it was read.
      const hint = state.line === undefined ? ` (${NDJSON_HINT})` : '';
      throw new InputError(where.reason + hint, line, where.column);
    }
  };
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new InputError('The input is not valid UTF-8', line + 1);
    }
  };
  for await (const chunk of chunks) {
    const searchFrom = pending.length; // `pending` holds no newline yet: look only at what is new
    pending += decode(chunk);
    let newline = pending.indexOf('\n', searchFrom);
    if (newline === -1) continue;
    let start = 0;
    while (newline !== -1) {
      const row = parseLine(pending.slice(start, newline));
      if (row !== NO_ROW) {
        state.line = line;
        yield row;
      }
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decode();
  const last = parseLine(pending);
  if (last !== NO_ROW) {
    state.line = line;
    yield last;
  }
}

/** The elements of a top-level JSON array, through a streaming tokenizer: one chunk in memory at a time. */
async function* jsonArrayRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  const locator = new Locator();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let rows: unknown[] = [];
  let tokenOffset = 0;
  tokenizer.onToken = (token) => {
    tokenOffset = token.offset;
    parser.write(token);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onValue = ({ value }) => {
    rows.push(value);
  };
  parser.onEnd = () => {
    if (!tokenizer.isEnded) tokenizer.end();
  };
  const fail = (error: unknown): InputError => {
    const { reason, offset } = describeParseError(error, tokenOffset);
    const { line, column } = offset === undefined ? locator.end() : locator.at(offset);
    return new InputError(
      reason === END ? 'Unexpected end of input' : reason.replace(AFTER, 'after the JSON array'),
      line,
      column,
    );
  };
  for await (const chunk of chunks) {
    locator.push(chunk);
    try {
      utf8.decode(chunk, { stream: true });
    } catch {
      throw new InputError('The input is not valid UTF-8', locator.at(locator.start).line);
    }
    try {
      tokenizer.write(chunk);
    } catch (error) {
      throw fail(error);
    }
    if (rows.length > 0) {
      const batch = rows;
      rows = [];
      yield* batch;
    }
  }
  try {
    if (!tokenizer.isEnded) tokenizer.end();
    if (!parser.isEnded) parser.end();
  } catch (error) {
    throw fail(error);
  }
  yield* rows;
}

/**
 * Byte offset -> line and column (in characters, 1-based) for the chunk being parsed and the one
 * before it, which is all a streaming parser can point into. Earlier chunks are kept as counts only.
 */
class Locator {
  start = 0;
  private chunk: Uint8Array = new Uint8Array(0);
  private position = { line: 1, column: 1 };
  private previous:
    | { start: number; chunk: Uint8Array; position: { line: number; column: number } }
    | undefined;

  push(chunk: Uint8Array): void {
    this.previous = { start: this.start, chunk: this.chunk, position: this.position };
    this.position = advance(this.position, this.chunk, this.chunk.length);
    this.start += this.chunk.length;
    this.chunk = chunk;
  }

  at(offset: number): { line: number; column: number } {
    if (offset >= this.start)
      return advance(this.position, this.chunk, Math.min(offset - this.start, this.chunk.length));
    const previous = this.previous;
    if (previous && offset >= previous.start)
      return advance(previous.position, previous.chunk, offset - previous.start);
    return previous?.position ?? this.position;
  }

  end(): { line: number; column: number } {
    return advance(this.position, this.chunk, this.chunk.length);
  }
}

function advance(from: { line: number; column: number }, bytes: Uint8Array, length: number) {
  let line = from.line;
  let lineStart = -1;
  for (
    let newline = bytes.indexOf(0x0a);
    newline !== -1 && newline < length;
    newline = bytes.indexOf(0x0a, newline + 1)
  ) {
    line++;
    lineStart = newline;
  }
  let column = lineStart === -1 ? from.column : 1;
  // Count characters, not bytes: skip UTF-8 continuation bytes.
  for (let i = lineStart + 1; i < length; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** Where one JSON text goes wrong, found by the same tokenizer (`JSON.parse` says it differently per engine). */
function locateInText(text: string): { reason: string; column?: number } {
  const bytes = new TextEncoder().encode(text);
  const tokenizer = new Tokenizer();
  const parser = new TokenParser();
  let tokenOffset = 0;
  tokenizer.onToken = (token) => {
    tokenOffset = token.offset;
    parser.write(token);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onValue = () => {};
  parser.onEnd = () => {
    if (!tokenizer.isEnded) tokenizer.end();
  };
  try {
    tokenizer.write(bytes);
    tokenizer.end();
  } catch (error) {
    const { reason, offset } = describeParseError(error, tokenOffset);
    if (offset === undefined) return { reason: 'Unexpected end of line', column: text.length + 1 };
    return {
      reason: reason.replace(AFTER, 'after the value'),
      column: advance({ line: 1, column: 1 }, bytes, offset).column,
    };
  }
  return { reason: 'Invalid JSON' };
}

const END = 'end';
const AFTER = '{after}';

/**
 * The tokenizer's and parser's errors in a reader's words, and the byte offset they point at
 * (`undefined`: the end of the input). The tokenizer names its offset; the parser's error is at
 * the token it was given last.
 */
function describeParseError(error: unknown, tokenOffset: number): { reason: string; offset?: number } {
  const message = error instanceof Error ? error.message : String(error);
  if (/ended in (the middle|mid-parsing)/.test(message)) return { reason: END };
  const at = /absolute position "(\d+)"/.exec(message);
  const found = /Unexpected (?:[A-Z_]+ \()?("(?:[^"\\]|\\.)*"|\S+)\)?/.exec(message)?.[1];
  const trailing = / in state ENDED$/.test(message);
  const reason = found
    ? `Unexpected ${found}${trailing ? ` ${AFTER}` : ''}`
    : error instanceof TokenizerError
      ? 'Invalid JSON'
      : message;
  return { reason, offset: at ? Number(at[1]) : tokenOffset };
}
