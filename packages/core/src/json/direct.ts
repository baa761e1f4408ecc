import { ByteWriter } from './byteWriter.js';
import { jsonNumber } from './exactNumber.js';
import { cell, type RecordLayout } from './serialize.js';
import { fieldIssue, type SimpleField } from './validate.js';

/**
 * The direct path: a JSON array of flat objects read straight into CSV bytes, in one pass over the
 * text, without building the rows (no object, no string per cell for most cells, nothing for the
 * garbage collector to keep). It takes only what it can write exactly as the general path
 * (`JSON.parse`, the row check, `writeRecord`) would; anything else — bad JSON, a row that fails
 * its check, a nested value, an escape in a key, more rows than allowed — gives `undefined`, and the
 * general path answers, its errors included. A property test holds the two to the same bytes.
 */

/** A field the direct path checks: a schema's simple field, or `any` for a schema-less column. */
export interface DirectField {
  key: string;
  kind: SimpleField['kind'] | 'any';
  optional?: boolean;
  nullable?: boolean;
}

/**
 * Whether a field's key can be matched on the bytes: JSON writes it as is (no `"`, `\\` or control
 * character to escape), and no surrogate (a lone one would be encoded as U+FFFD).
 */
export function isDirectKey(key: string): boolean {
  return /^[^"\\\u0000-\u001f\ud800-\udfff]*$/.test(key);
}

/** What a converter gives the direct path: built once per converter. */
export interface DirectPlan {
  /** Every field a row is checked against, in schema order. */
  fields: readonly DirectField[];
  /** For each written column, the index of its field. */
  columns: readonly number[];
  layout: RecordLayout;
  /** The BOM and header record, as the general path writes them. */
  preamble: string;
}

/** The CSV, and how many rows it holds. */
export interface DirectResult {
  bytes: Uint8Array<ArrayBuffer>;
  rows: number;
}

// What a field holds in the row being read.
const MISSING = 0;
/** Printable ASCII with no escape, no formula sign first, no quote needed unless `QUOTED`: copied as is. */
const PLAIN = 1;
/** An integer literal of at most 15 digits, no leading zero, not `-0`: `${Number(literal)}` is the literal. */
const INTEGER = 2;
/** A string a spreadsheet would run as a formula, with no escape: written quoted after a `'`. */
const FORMULA = 4;
/** Anything else, parsed to its JavaScript value and written by the general path's `cell`. */
const VALUE = 3;

const FAIL = -1;

/** Flags the scanners leave for their caller (one scan at a time: JavaScript is single-threaded). */
let escaped = false;
let needsQuotes = false;
/** The number just scanned has no fraction and no exponent. */
let integral = false;

/**
 * Reads rows (`{…}` objects) straight from bytes into CSV records written to `out`, by `plan`:
 * the engine of the direct path, for a JSON array ({@link directCsv}) and for NDJSON lines
 * ({@link DirectRows.line}). Built once per body; not re-entrant.
 */
export class DirectRows {
  /** Each key as its bytes and the closing quote. */
  private readonly keys: Uint8Array[];
  // What the row being read holds for each field (see MISSING…VALUE), and where.
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly quoted: Uint8Array;
  private readonly values: unknown[];
  /** Which fields are written (columns may leave some out, or name one twice). */
  private readonly written: Uint8Array;
  private readonly pipe: boolean;
  private readonly escapeFormulas: boolean;
  private readonly delimiter: number;
  private readonly eol: string;
  private readonly lone: boolean;

  constructor(
    /** What it reads by (the NDJSON answer takes its preamble from it). */
    readonly plan: DirectPlan,
    /** Where the records go. */
    readonly out: ByteWriter,
  ) {
    const { fields, columns, layout } = plan;
    const count = fields.length;
    this.keys = fields.map((field) => encoder.encode(`${field.key}"`));
    this.kinds = new Uint8Array(count);
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    this.quoted = new Uint8Array(count);
    this.values = new Array(count).fill(undefined);
    this.written = new Uint8Array(count);
    for (const f of columns) this.written[f] = 1;
    this.pipe = layout.delimiter === '|';
    this.escapeFormulas = layout.escapeFormulas;
    this.delimiter = layout.delimiter.charCodeAt(0);
    this.eol = layout.eol;
    this.lone = columns.length === 1;
  }

  /**
   * The row whose `{` is at `i`: its record written to `out`, and the index past its `}`; or FAIL,
   * with `out` as it was, where the general path must take the row.
   */
  row(body: Uint8Array, i: number): number {
    const rowStart = this.out.length;
    const end = this.read(body, i);
    if (end === FAIL) this.out.length = rowStart;
    return end;
  }

  /**
   * One NDJSON line (its bytes, without the `\n`): 1 if its row was written, 0 if it is blank
   * (JSON whitespace only), FAIL where the general path must take it.
   */
  line(bytes: Uint8Array): number {
    let i = skipSpace(bytes, 0);
    if (i === bytes.length) return 0;
    const rowStart = this.out.length;
    i = this.row(bytes, i);
    if (i === FAIL) return FAIL;
    if (skipSpace(bytes, i) === bytes.length) return 1;
    this.out.length = rowStart; // more after the row: not one JSON value
    return FAIL;
  }

  private read(body: Uint8Array, i: number): number {
    const { fields, columns } = this.plan;
    const { keys, kinds, starts, ends, quoted, values, written, pipe, escapeFormulas, delimiter, eol, out } =
      this;
    const count = fields.length;
    // One row: `{` then its members, each value noted against its field.
    if (body[i] !== 0x7b /* { */) return FAIL;
    for (let f = 0; f < count; f++) kinds[f] = MISSING;
    const rowStart = out.length;
    let n = 0; // the next column to write
    let inOrder = true;
    i = i + 1;
    if (body[i]! <= 0x20) i = skipSpace(body, i);
    let guess = 0;
    if (body[i] === 0x7d /* } */) i++;
    else {
      for (;;) {
        if (body[i] !== 0x22) return FAIL;
        const keyStart = i + 1;
        // Rows usually list their keys in the same order: the next field's key, quote included,
        // is tried straight on the bytes (a key holding `"`, `\\` or a control byte never serves).
        let field = -1;
        let keyEnd: number;
        if (guess < count && sameBytes(body, keyStart, keys[guess]!)) {
          field = guess;
          keyEnd = keyStart + keys[guess]!.length - 1;
        } else {
          keyEnd = scanString(body, keyStart, false);
          if (keyEnd === FAIL || escaped) return FAIL;
          for (let f = 0; f < count; f++)
            if (sameBytes(body, keyStart, keys[f]!)) {
              field = f;
              break;
            }
        }
        guess = field + 1;
        i = keyEnd + 1;
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        if (body[i] !== 0x3a /* : */) return FAIL;
        i = i + 1;
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        const c = body[i]!;
        // The cell goes straight out when its member comes in column order (the usual case);
        // the record is rewritten from the noted spans at the row's end if one does not.
        const now = inOrder && field === columns[n];
        if (!now && field >= 0 && written[field] === 1) inOrder = false;
        let cellStart = 0;
        if (now) {
          if (n > 0) out.byte(delimiter);
          cellStart = out.length;
        }
        if (c === 0x22) {
          const start = i + 1;
          const end = now ? scanCopy(body, start, pipe, out) : scanString(body, start, pipe);
          if (end === FAIL) return FAIL;
          i = end + 1;
          if (field >= 0) {
            const first = body[start]!;
            const sign =
              escapeFormulas && (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40);
            if (!escaped && sign && !isPlainNumber(body, start, end)) {
              // A formula: `stringCell` writes it after a `'`, quoted, whatever else it holds.
              kinds[field] = FORMULA;
              starts[field] = start;
              ends[field] = end;
            } else if (
              // A plain number, or safe at both ends (no whitespace, no formula sign first):
              // `stringCell` writes it as is, or quoted when it holds a separator (a raw JSON
              // string holds no `"`, tab, CR or LF, the other characters that quote a cell).
              !escaped &&
              end > start &&
              (sign || (EDGE_BYTE[first] === SAFE && EDGE_BYTE[body[lastLead(body, start, end)]!] === SAFE))
            ) {
              kinds[field] = PLAIN;
              starts[field] = start;
              ends[field] = end;
              quoted[field] = needsQuotes ? 1 : 0;
            } else {
              kinds[field] = VALUE;
              const raw = decoder.decode(body.subarray(escaped ? start - 1 : start, escaped ? end + 1 : end));
              values[field] = escaped ? JSON.parse(raw) : raw;
            }
            if (now) {
              // The bytes are out as they came: quote them, defuse them, or write the value instead.
              const kind = kinds[field];
              if (kind === PLAIN) {
                if (needsQuotes) out.enclose(cellStart, 1);
              } else if (kind === FORMULA) out.enclose(cellStart, 2);
              else {
                out.length = cellStart;
                this.writeCell(body, field);
              }
              n++;
            }
          }
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          const end = scanNumber(body, i);
          if (end === FAIL) return FAIL;
          if (field >= 0) {
            const digits = end - i - (c === 0x2d ? 1 : 0);
            if (digits <= 15 && integral && !(c === 0x2d && body[i + 1] === 0x30)) {
              kinds[field] = INTEGER;
              starts[field] = i;
              ends[field] = end;
            } else {
              kinds[field] = VALUE;
              values[field] = jsonNumber(latin1(body, i, end));
            }
            if (now) {
              this.writeCell(body, field);
              n++;
            }
          }
          i = end;
        } else {
          let value: boolean | null;
          if (c === 0x74 && body[i + 1] === 0x72 && body[i + 2] === 0x75 && body[i + 3] === 0x65)
            value = true;
          else if (
            c === 0x66 &&
            body[i + 1] === 0x61 &&
            body[i + 2] === 0x6c &&
            body[i + 3] === 0x73 &&
            body[i + 4] === 0x65
          )
            value = false;
          else if (c === 0x6e && body[i + 1] === 0x75 && body[i + 2] === 0x6c && body[i + 3] === 0x6c)
            value = null;
          else return FAIL; // an object, an array, or not JSON: the general path decides
          i += value === false ? 5 : 4;
          if (field >= 0) {
            kinds[field] = VALUE;
            values[field] = value;
            if (now) {
              this.writeCell(body, field);
              n++;
            }
          }
        }
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        const next = body[i];
        if (next === 0x2c /* , */) {
          i = i + 1;
          if (body[i]! <= 0x20) i = skipSpace(body, i);
          continue;
        }
        if (next !== 0x7d /* } */) return FAIL;
        i++;
        break;
      }
    }
    // The row's check, as the general path's: any issue and the general path reports it.
    for (let f = 0; f < count; f++) {
      const field = fields[f]!;
      const kind = kinds[f];
      if (field.kind === 'any') continue;
      if (kind === MISSING) {
        if (!field.optional) return FAIL;
      } else if (kind === PLAIN || kind === FORMULA) {
        if (field.kind !== 'string') return FAIL;
      } else if (kind === INTEGER) {
        if (field.kind !== 'number' && field.kind !== 'int') return FAIL;
      } else if (fieldIssue(field as SimpleField, values[f]) !== undefined) return FAIL;
    }
    // The record, unless it is out already.
    if (!inOrder || n !== columns.length) {
      out.length = rowStart;
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) out.byte(delimiter);
        this.writeCell(body, columns[c]!);
      }
    }
    out.string(eol);
    return i;
  }

  /** Field `f`'s cell, from what the scan noted. */
  private writeCell(body: Uint8Array, f: number): void {
    const { kinds, out, lone } = this;
    const kind = kinds[f];
    if (kind === PLAIN) out.copy(body, this.starts[f]!, this.ends[f]!, this.quoted[f] === 1);
    else if (kind === INTEGER) out.copy(body, this.starts[f]!, this.ends[f]!, false);
    else if (kind === FORMULA) out.formula(body, this.starts[f]!, this.ends[f]!);
    else if (kind === VALUE) {
      const text = cell(this.values[f], this.plan.layout);
      // A lone empty cell would be a blank line, which readers skip: `""` keeps the row.
      out.string(lone && text === '' ? '""' : text);
    } else if (lone) out.string('""');
  }
}

/**
 * `body` (the UTF-8 bytes of a JSON array of rows; a leading BOM is skipped) as CSV bytes by
 * `plan`, or `undefined` where the general path must answer (invalid UTF-8 included). Stops
 * (undefined) once the rows pass `maxRows`. Works on bytes: no decoding, and a byte array is read
 * several times faster than a string's characters.
 */
export function directCsv(body: Uint8Array, plan: DirectPlan, maxRows: number): DirectResult | undefined {
  const out = new ByteWriter(body.length + plan.preamble.length * 3 + 64);
  out.string(plan.preamble);
  const reader = new DirectRows(plan, out);
  const length = body.length;
  let rows = 0;
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  i = skipSpace(body, i);
  if (body[i] !== 0x5b /* [ */) return undefined;
  i = skipSpace(body, i + 1);
  if (body[i] === 0x5d /* ] */) i++;
  else {
    for (;;) {
      i = reader.row(body, i);
      if (i === FAIL || ++rows > maxRows) return undefined;
      if (body[i]! <= 0x20) i = skipSpace(body, i);
      const next = body[i];
      if (next === 0x5d /* ] */) {
        i++;
        break;
      }
      if (next !== 0x2c /* , */) return undefined;
      i = i + 1;
      if (body[i]! <= 0x20) i = skipSpace(body, i);
    }
  }
  if (skipSpace(body, i) !== length) return undefined;
  return { bytes: out.bytes(), rows };
}

/** Past JSON's whitespace (space, tab, LF, CR) from `i`. */
function skipSpace(body: Uint8Array, i: number): number {
  for (;;) {
    const c = body[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/**
 * The index of the quote that closes the string starting at `i`, or FAIL if the bytes are not a
 * valid JSON string of valid UTF-8 there. Leaves `escaped`, and `needsQuotes`: a `,` or `;`, or a
 * `|` when `pipe` (a raw JSON string holds no `"`, tab, CR or LF, the other quote characters).
 */
function scanString(body: Uint8Array, i: number, pipe: boolean): number {
  escaped = false;
  needsQuotes = false;
  const length = body.length;
  for (; i < length; i++) {
    const kind = STRING_BYTE[body[i]!]!;
    if (kind === ORDINARY) continue;
    if (kind === QUOTE) return i;
    if (kind === SEPARATOR) needsQuotes = true;
    else if (kind === PIPE) needsQuotes ||= pipe;
    else if (kind === BACKSLASH) {
      escaped = true;
      const e = body[i + 1];
      if (e === 0x75 /* u */) {
        for (let k = i + 2; k < i + 6; k++) if (!isHex(body[k]!)) return FAIL;
        i += 5;
      } else if (
        // " \ / b f n r t
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      )
        i++;
      else return FAIL;
    } else if (kind === LEAD) {
      const size = utf8Sequence(body, i);
      if (size === 0) return FAIL;
      i += size - 1;
    } else return FAIL; // a control character is not JSON
  }
  return FAIL;
}

/** Where the last character of `body[start, end)` (well-formed UTF-8) starts. */
function lastLead(body: Uint8Array, start: number, end: number): number {
  let i = end - 1;
  while (i > start && (body[i]! & 0xc0) === 0x80) i--;
  return i;
}

// What the first byte of a cell's first or last character says of it. SAFE: printable ASCII
// other than space, or a character no whitespace and no fullwidth formula sign (＝＋－＠) begins
// with: those all begin with C2, E1, E2, E3 or EF (a test in direct.test.ts walks every code point).
const SAFE = 1;
const EDGE_BYTE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  table.fill(SAFE, 0x21, 0x7f);
  table.fill(SAFE, 0xc3, 0xf5);
  for (const lead of [0xe1, 0xe2, 0xe3, 0xef]) table[lead] = 0;
  return table;
})();

// What each byte is to the string scanner: most are ORDINARY, one table load and one test.
const ORDINARY = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const CONTROL = 3;
const LEAD = 4;
const SEPARATOR = 5;
const PIPE = 6;
const STRING_BYTE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  table.fill(CONTROL, 0, 0x20);
  table.fill(LEAD, 0x80, 0x100);
  table[0x22] = QUOTE;
  table[0x5c] = BACKSLASH;
  table[0x2c] = SEPARATOR;
  table[0x3b] = SEPARATOR;
  table[0x7c] = PIPE;
  return table;
})();

/**
 * {@link scanString}, copying the string's bytes (as they are, escapes included) to `out` as it
 * goes: one pass for the usual cell, which is then written.
 */
function scanCopy(body: Uint8Array, i: number, pipe: boolean, out: ByteWriter): number {
  escaped = false;
  needsQuotes = false;
  const length = body.length;
  // The string is no longer than what is left of the body.
  out.reserve(length - i);
  const buffer = out.buffer;
  let at = out.length;
  for (; i < length; i++) {
    const c = body[i]!;
    const kind = STRING_BYTE[c]!;
    if (kind === ORDINARY) {
      buffer[at++] = c;
      continue;
    }
    if (kind === QUOTE) {
      out.length = at;
      return i;
    }
    buffer[at++] = c;
    if (kind === SEPARATOR) needsQuotes = true;
    else if (kind === PIPE) needsQuotes ||= pipe;
    else if (kind === BACKSLASH) {
      // An escaped string is written from its value: only the scan matters here.
      const end = scanString(body, i, pipe);
      escaped = true;
      out.length = at;
      return end;
    } else if (kind === LEAD) {
      const size = utf8Sequence(body, i);
      if (size === 0) return FAIL;
      for (let k = 1; k < size; k++) buffer[at++] = body[i + k]!;
      i += size - 1;
    } else return FAIL; // a control character is not JSON
  }
  return FAIL;
}

/**
 * The length of the well-formed UTF-8 sequence at `i` (its lead byte is 0x80 or more), or 0: the
 * Unicode Standard's table 3-7, which is what a fatal TextDecoder accepts (no overlong form, no
 * surrogate, nothing past U+10FFFF).
 */
function utf8Sequence(body: Uint8Array, i: number): number {
  const lead = body[i]!;
  const second = body[i + 1]!;
  if (lead >= 0xc2 && lead <= 0xdf) return isContinuation(second) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return second >= low && second <= high && isContinuation(body[i + 2]!) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return second >= low && second <= high && isContinuation(body[i + 2]!) && isContinuation(body[i + 3]!)
      ? 4
      : 0;
  }
  return 0;
}

function isContinuation(c: number): boolean {
  return c >= 0x80 && c <= 0xbf;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isDigit(c: number | undefined): boolean {
  return c! >= 0x30 && c! <= 0x39;
}

/** The end of the JSON number starting at `i`, or FAIL if there is none. Leaves `integral`. */
function scanNumber(body: Uint8Array, i: number): number {
  integral = true;
  if (body[i] === 0x2d) i++;
  const lead = body[i]!;
  if (lead === 0x30) i++;
  else if (lead >= 0x31 && lead <= 0x39) while (isDigit(body[++i]));
  else return FAIL;
  if (body[i] === 0x2e /* . */) {
    integral = false;
    if (!isDigit(body[++i])) return FAIL;
    while (isDigit(body[++i]));
  }
  const e = body[i];
  if (e === 0x65 || e === 0x45) {
    integral = false;
    const sign = body[++i];
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(body[i])) return FAIL;
    while (isDigit(body[++i]));
  }
  return i;
}

/** `PLAIN_NUMBER` of serialize.ts on bytes: a decimal a spreadsheet reads as a number, not a formula. */
function isPlainNumber(body: Uint8Array, i: number, end: number): boolean {
  if (body[i] === 0x2b || body[i] === 0x2d) i++;
  const whole = i;
  while (i < end && isDigit(body[i])) i++;
  const wholeDigits = i - whole;
  if (i < end && body[i] === 0x2e) {
    const fraction = ++i;
    while (i < end && isDigit(body[i])) i++;
    if (wholeDigits === 0 && i === fraction) return false;
  } else if (wholeDigits === 0) return false;
  if (i < end && (body[i] === 0x65 || body[i] === 0x45)) {
    i++;
    if (i < end && (body[i] === 0x2b || body[i] === 0x2d)) i++;
    const exponent = i;
    while (i < end && isDigit(body[i])) i++;
    if (i === exponent) return false;
  }
  return i === end;
}

/** Whether `body` holds the bytes of `key` at `start`. */
function sameBytes(body: Uint8Array, start: number, key: Uint8Array): boolean {
  for (let k = 0; k < key.length; k++) if (body[start + k] !== key[k]) return false;
  return true;
}

/** ASCII bytes (a number literal) as a string. */
function latin1(body: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let k = start; k < end; k++) text += String.fromCharCode(body[k]!);
  return text;
}

const encoder = new TextEncoder();
// Only well-formed UTF-8 reaches it (the scan checked every sequence); a cell's leading U+FEFF is
// the cell's own, not a byte-order mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
