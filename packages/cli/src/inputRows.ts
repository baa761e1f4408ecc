import { jsonNumber, parseJson } from '@csvfn/core';
import { Tokenizer, TokenizerError, TokenParser } from '@streamparser/json';

/** Numbers a double cannot hold exactly stay as the digits written (see parseJson in @csvfn/core). */
class ExactTokenizer extends Tokenizer {
  protected override parseNumber(literal: string): number {
    return jsonNumber(literal) as number;
  }
}

import { InputError } from './errors.js';

/** How the input is framed: one JSON array, or one JSON value per line. */
export type InputFormat = 'json' | 'ndjson';

/** What the reader has seen so far, for progress and for error messages. */
export interface ReadState {
  /** The framing, once the first byte has told it. */
  format?: InputFormat;
  /** Rows handed out so far. */
  rows: number;
  /** 1-based line of the NDJSON row handed out last. */
  line?: number;
}

/**
 * Rows parsed from one chunk of input, handed on together so that a row costs no promise of its
 * own; `error`, if any, comes after these rows in the input, so it is thrown after them.
 */
interface Batch {
  rows: unknown[];
  /** The line of each NDJSON row. */
  lines?: number[];
  error?: InputError;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NDJSON_HINT =
  'input not starting with "[" is read as NDJSON, one JSON object per line; a JSON file must hold an array of objects';

/**
 * The rows of a JSON array or of NDJSON, as they arrive: memory holds a chunk, never the input.
 * The first non-blank character decides: `[` is a JSON array, anything else NDJSON. A leading
 * byte-order mark is skipped; invalid UTF-8 and malformed JSON throw {@link InputError} with
 * the line and column, after every row before them.
 */
export function readRows(
  chunks: AsyncIterable<Uint8Array>,
  state: ReadState = { rows: 0 },
): AsyncIterableIterator<unknown> {
  const batches = readBatches(chunks, state);
  let batch: Batch = { rows: [] };
  let index = 0;
  const iterator: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      while (index >= batch.rows.length) {
        if (batch.error) throw batch.error;
        const next = await batches.next();
        if (next.done) return { done: true, value: undefined };
        batch = next.value;
        index = 0;
      }
      if (batch.lines) state.line = batch.lines[index];
      state.rows++;
      return { done: false, value: batch.rows[index++] };
    },
    async return() {
      await batches.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return iterator;
}

async function* readBatches(chunks: AsyncIterable<Uint8Array>, state: ReadState): AsyncGenerator<Batch> {
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
  yield* format === 'json' ? jsonArrayBatches(rest) : ndjsonBatches(rest);
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
async function* ndjsonBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Batch> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let line = 0;
  let rows: unknown[] = [];
  let lines: number[] = [];
  let seen = 0;
  const parseLine = (text: string): void => {
    line++;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return;
    let row: unknown;
    try {
      row = parseJson(trimmed);
    } catch {
      const where = locateInText(trimmed);
      // The first line failing usually means the input is not NDJSON at all: say how it was read.
      const hint = seen === 0 ? ` (${NDJSON_HINT})` : '';
      throw new InputError(where.reason + hint, line, where.column);
    }
    seen++;
    rows.push(row);
    lines.push(line);
  };
  const take = (error?: InputError): Batch => {
    const batch: Batch = { rows, lines, ...(error ? { error } : {}) };
    rows = [];
    lines = [];
    return batch;
  };
  try {
    for await (const chunk of chunks) {
      const searchFrom = pending.length; // `pending` holds no newline yet: look only at what is new
      try {
        pending += decoder.decode(chunk, { stream: true });
      } catch {
        throw new InputError('The input is not valid UTF-8', line + 1);
      }
      let newline = pending.indexOf('\n', searchFrom);
      if (newline === -1) continue;
      let start = 0;
      while (newline !== -1) {
        parseLine(pending.slice(start, newline));
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
      if (rows.length > 0) yield take();
    }
    try {
      pending += decoder.decode();
    } catch {
      throw new InputError('The input is not valid UTF-8', line + 1);
    }
    parseLine(pending);
    yield take();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    yield take(error);
  }
}

/** The elements of a top-level JSON array, through a streaming tokenizer: one chunk in memory at a time. */
async function* jsonArrayBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Batch> {
  const tokenizer = new ExactTokenizer();
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
  const take = (error?: InputError): Batch => {
    const batch: Batch = { rows, ...(error ? { error } : {}) };
    rows = [];
    return batch;
  };
  for await (const chunk of chunks) {
    locator.push(chunk);
    try {
      utf8.decode(chunk, { stream: true });
    } catch {
      yield take(new InputError('The input is not valid UTF-8', locator.at(locator.start).line));
      return;
    }
    try {
      tokenizer.write(chunk);
    } catch (error) {
      yield take(fail(error));
      return;
    }
    if (rows.length > 0) yield take();
  }
  try {
    if (!tokenizer.isEnded) tokenizer.end();
    if (!parser.isEnded) parser.end();
  } catch (error) {
    yield take(fail(error));
    return;
  }
  yield take();
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
