import type { ByteWriter } from './byteWriter.js';
import { ASCII_CLASS, OTHER, pointClass, SAFE, SIGN } from './cellEdges.js';
import { hasKeys, isPlainObject } from './flatten.js';
import { ExactNumber, exactJson } from './json/exactNumber.js';
import { isPlainValue, KIND_CODE } from './validate.js';

/**
 * One row -> one RFC 4180 record. This is the hot path, so it is a tight loop of its own; its
 * oracle is csv-stringify, configured to the same rules, in a property test.
 */

/** The field separators the contract allows. */
export type Delimiter = ',' | ';' | '\t' | '|';
/** The record terminator: `crlf` (RFC 4180, the default) or `lf`. */
export type Eol = 'crlf' | 'lf';

export interface SerializeOptions {
  delimiter: Delimiter;
  eol: Eol;
  /** Neutralise spreadsheet formulas (OWASP CSV injection); on unless turned off. */
  escapeFormulas: boolean;
}

export const EOL_CHARS: Record<Eol, string> = { crlf: '\r\n', lf: '\n' };

// Quoted whatever the delimiter, so that no spreadsheet locale can split the cell; so is
// whitespace at either end (EDGE_SPACE).
const QUOTE_CHARS = /[",;\t\r\n]/;
const PIPE_OR_QUOTE_CHARS = /[",;\t\r\n|]/;
const EDGE_SPACE = /^\s|\s$/;

// `=`, `+`, `-`, `@` and the fullwidth ＝＋－＠ start a formula in some spreadsheet, even after
// leading whitespace (Excel and LibreOffice skip it); so do TAB, CR, LF and NUL on their own.
const FORMULA_START = /^(?:\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r\n\0])/;
// Only a formula can run: a plain decimal number keeps its sign (`-5`, `+3.2`, `1e5`).
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Would a spreadsheet run this string as a formula? */
export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);
}

/** Printable ASCII other than space: never whitespace, never a fullwidth sign. */
function isPlainAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/**
 * How records are written: built once per converter. The functions below are plain functions of
 * it, not closures per converter, so that V8's optimised code serves every request alike.
 */
export interface RecordLayout {
  /** The row field of each column, in order. */
  keys: readonly string[];
  /** The header cell of each column, before formula escaping. */
  labels: readonly string[];
  delimiter: string;
  eol: string;
  escapeFormulas: boolean;
  /** The characters that make a cell quoted (the delimiter among them). */
  quoteChars: RegExp;
  /** The delimiter's character code, and whether it is `|` (which quotes a cell holding one). */
  delimiterCode: number;
  pipe: boolean;
  /** The terminator is CR LF (else LF). */
  crlf: boolean;
  /**
   * Whether a key is one `Object.prototype` has (`constructor`): a row without it must not give
   * the inherited value, so such a layout reads a row's own values only.
   */
  inherited: boolean;
}

export function recordLayout(
  columns: ReadonlyArray<{ key: string; label: string }>,
  options: SerializeOptions,
): RecordLayout {
  return {
    keys: columns.map((column) => column.key),
    labels: columns.map((column) => column.label),
    delimiter: options.delimiter,
    eol: EOL_CHARS[options.eol],
    escapeFormulas: options.escapeFormulas,
    quoteChars: options.delimiter === '|' ? PIPE_OR_QUOTE_CHARS : QUOTE_CHARS,
    delimiterCode: options.delimiter.charCodeAt(0),
    pipe: options.delimiter === '|',
    crlf: options.eol === 'crlf',
    inherited: columns.some((column) => column.key in Object.prototype),
  };
}

/** One string as one CSV cell. */
export function stringCell(value: string, quoteChars: RegExp, escapeFormulas: boolean): string {
  // Most cells start and end with a plain ASCII character that is no formula sign: two
  // comparisons rule out a formula and edge whitespace, leaving one regex test.
  const first = value.charCodeAt(0);
  const plainEdges = isPlainAscii(first) && isPlainAscii(value.charCodeAt(value.length - 1));
  if (
    escapeFormulas &&
    (!plainEdges || first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) &&
    isFormulaLike(value)
  )
    return quote(`'${value}`);
  return quoteChars.test(value) || (!plainEdges && EDGE_SPACE.test(value)) ? quote(value) : value;
}

function quote(value: string): string {
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/**
 * Formats any value a row may hold. Kept small, so that V8 inlines it into the record loop: the
 * common strings and numbers here, the rest in {@link otherCell}.
 */
export function cell(value: unknown, layout: RecordLayout): string {
  if (typeof value === 'string') return stringCell(value, layout.quoteChars, layout.escapeFormulas);
  // A template, not String(): V8 turns it into its cached number-to-string, several times faster.
  if (typeof value === 'number') return `${value}`;
  return otherCell(value, layout);
}

/** Booleans as words, dates in ISO 8601, JSON-ish objects as JSON (quoted when needed, never formula-escaped: they start with `{` or `[`). */
function otherCell(value: unknown, layout: RecordLayout): string {
  switch (typeof value) {
    case 'bigint':
      return `${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return '';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
      // A number a double cannot hold, as the client wrote it (digits only: never a formula).
      if (value instanceof ExactNumber) return value.text;
      return stringCell(exactJson(value), layout.quoteChars, false);
    default:
      // undefined; functions and symbols cannot come from JSON (a schema transform could make them).
      return '';
  }
}

/** One record: the cells of `layout.keys`, joined, and the line end. Runs once per row. */
export function writeRecord(record: Record<string, unknown>, layout: RecordLayout): string {
  const { keys, delimiter, eol } = layout;
  if (layout.inherited) record = ownValues(record, keys);
  const count = keys.length;
  const last = count - 1;
  let line = '';
  let i = 0;
  // Four cells per round: one long concatenation is markedly cheaper than four short ones.
  for (; i + 4 <= count; i += 4) {
    line +=
      cell(record[keys[i]!], layout) +
      delimiter +
      cell(record[keys[i + 1]!], layout) +
      delimiter +
      cell(record[keys[i + 2]!], layout) +
      delimiter +
      cell(record[keys[i + 3]!], layout) +
      (i + 3 === last ? eol : delimiter);
  }
  for (; i < count; i++) line += cell(record[keys[i]!], layout) + (i === last ? eol : delimiter);
  if (count === 0) return eol;
  // A lone empty cell would be a blank line, which CSV readers skip: quote it to keep the row.
  return count === 1 && line === eol ? `""${eol}` : line;
}

/**
 * {@link writeRecord} as UTF-8 straight into `out`: no string per cell or per record, nothing to
 * encode afterwards. `record` is a row (read by key) or a schema-less row's flattened Map.
 */
export function writeRecordBytes(
  record: Record<string, unknown> | Map<string, unknown>,
  layout: RecordLayout,
  out: ByteWriter,
): void {
  const { keys, delimiterCode } = layout;
  const count = keys.length;
  const start = out.length;
  if (layout.inherited && !(record instanceof Map)) record = ownValues(record, keys);
  // Two loops, so that each reads its records one way (an object's keys, or a Map's).
  if (record instanceof Map)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(delimiterCode);
      writeCell(record.get(keys[i]!), layout, out);
    }
  else {
    // A row whose own keys come in the columns' order (a parsed row, a schema's output) is read
    // by `for…in`, which V8 turns into loads by field index; the first key out of order leaves the
    // rest to be read by name.
    let i = 0;
    for (const key in record) {
      if (key !== keys[i]) break;
      if (i > 0) out.byte(delimiterCode);
      writeCell(record[key], layout, out);
      if (++i === count) break;
    }
    for (; i < count; i++) {
      if (i > 0) out.byte(delimiterCode);
      writeCell(record[keys[i]!], layout, out);
    }
  }
  endRecord(layout, count, start, out);
}

/** A record's line end, after `count` cells written from `start` on. */
function endRecord(layout: RecordLayout, count: number, start: number, out: ByteWriter): void {
  // A lone empty cell would be a blank line, which CSV readers skip: quote it to keep the row.
  if (count === 1 && out.length === start) {
    out.byte(0x22);
    out.byte(0x22);
  }
  if (layout.crlf) out.byte(0x0d);
  out.byte(0x0a);
}

/**
 * {@link writeRecordBytes} of a row checked as it is written: each value against the kind of its
 * column (`kinds`, `KIND_CODE`s in the layout's order), saving a pass over the row. `false`,
 * with some bytes written, when the row needs the general path: a key out of the columns' order
 * or missing, or a value the check must look at more closely (the caller rewinds `out`).
 */
export function writeCheckedRecordBytes(
  row: Record<string, unknown>,
  layout: RecordLayout,
  kinds: readonly number[],
  out: ByteWriter,
): boolean {
  const { keys, delimiterCode } = layout;
  const count = keys.length;
  const start = out.length;
  let i = 0;
  for (const key in row) {
    if (key !== keys[i]) return false;
    const value = row[key];
    const kind = kinds[i]!;
    if (i > 0) out.byte(delimiterCode);
    // The common string and 32-bit integer straight to their writers, their check being the test
    // that picks the writer; anything else checked, then written as any value.
    if (kind === KIND_CODE.string && typeof value === 'string') {
      if (value.length !== 0) writeStringCell(value, layout, out);
    } else if (kind === KIND_CODE.int && typeof value === 'number' && (value | 0) === value)
      out.integer(value);
    else if (isPlainValue(kind, value)) writeCell(value, layout, out);
    else return false;
    if (++i === count) break;
  }
  if (i < count) return false;
  endRecord(layout, count, start, out);
  return true;
}

/**
 * {@link writeRecordBytes} of a schema-less row that has exactly `layout.keys`, in their order, and
 * no object to flatten (one with keys: an empty one is a value, `{}`). `false`, with some bytes
 * written, for any other row: its columns are for the general path to work out.
 */
export function writeUniformRecordBytes(
  row: Record<string, unknown>,
  layout: RecordLayout,
  out: ByteWriter,
): boolean {
  const { keys, delimiterCode } = layout;
  const count = keys.length;
  const start = out.length;
  let i = 0;
  for (const key in row) {
    if (key !== keys[i]) return false;
    const value = row[key];
    if (i > 0) out.byte(delimiterCode);
    if (typeof value === 'string') {
      if (value.length !== 0) writeStringCell(value, layout, out);
    } else if (typeof value === 'number' && (value | 0) === value) out.integer(value);
    else if (isPlainObject(value) && hasKeys(value)) return false;
    else writeOtherCell(value, layout, out);
    i++;
  }
  if (i < count) return false;
  endRecord(layout, count, start, out);
  return true;
}

/** The row's own values of `keys`, in a prototype-less object (a `__proto__` key is just a key). */
function ownValues(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const own: Record<string, unknown> = Object.create(null);
  for (const key of keys) own[key] = Object.hasOwn(record, key) ? record[key] : undefined;
  return own;
}

/** {@link cell}, written to `out`. */
function writeCell(value: unknown, layout: RecordLayout, out: ByteWriter): void {
  if (typeof value === 'string') {
    if (value.length !== 0) writeStringCell(value, layout, out);
  } else if (typeof value === 'number' && (value | 0) === value) out.integer(value);
  else writeOtherCell(value, layout, out);
}

/** {@link cell} of anything but a string or a 32-bit integer. */
function writeOtherCell(value: unknown, layout: RecordLayout, out: ByteWriter): void {
  const text = typeof value === 'number' ? `${value}` : otherCell(value, layout);
  if (text !== '') out.string(text);
}

/** {@link stringCell} of a string that is not empty, written to `out`: one pass over the text. */
function writeStringCell(value: string, layout: RecordLayout, out: ByteWriter): void {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  // ASCII edges (most) are looked up here: the call is left for the rest.
  let head = first < 0x80 ? ASCII_CLASS[first]! : pointClass(first);
  const tail = last < 0x80 ? ASCII_CLASS[last]! : pointClass(last);
  if (head === SIGN && !layout.escapeFormulas) head = SAFE;
  const start = out.length;
  // No formula, no whitespace at either end: quoted only for what it holds.
  if (head === SAFE && tail !== OTHER) {
    if (out.cellText(value, layout.pipe)) out.enclose(start, 1);
  } else writeEdgyCell(value, head, layout, out);
}

/**
 * {@link stringCell} of a cell that starts with a formula sign, or has whitespace or a control
 * character at either end, written to `out` without a string of the cell: these cells are few, so
 * a function of their own keeps them from holding back the optimisation of the common path.
 */
function writeEdgyCell(value: string, head: number, layout: RecordLayout, out: ByteWriter): void {
  const start = out.length;
  // A formula sign (with `escapeFormulas`) starts a formula unless the cell is a plain number; at
  // an edge of something else, only whitespace before a sign (or TAB, CR, LF, NUL) does.
  const formula =
    head === SIGN
      ? value.charCodeAt(0) >= 0x80 || !PLAIN_NUMBER.test(value)
      : head === OTHER && layout.escapeFormulas && isFormulaLike(value);
  if (formula) {
    // After a `'`, quoted.
    out.cellText(value, false);
    out.enclose(start, 2);
  } else if (out.cellText(value, layout.pipe) || (head !== SIGN && EDGE_SPACE.test(value)))
    out.enclose(start, 1);
}

/** The header record: each label a string cell, formula defence included. */
export function headerRecord(layout: RecordLayout): string {
  const { labels } = layout;
  const line = labels
    .map((label) => stringCell(label, layout.quoteChars, layout.escapeFormulas))
    .join(layout.delimiter);
  return (labels.length === 1 && line === '' ? '""' : line) + layout.eol;
}
