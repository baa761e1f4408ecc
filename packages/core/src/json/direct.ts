import { ByteWriter } from '../byteWriter.js';
import { ASCII_CLASS, OTHER, pointClass, SAFE, SIGN } from '../cellEdges.js';
import { cell, type RecordLayout, recordLayout } from '../serialize.js';
import { fieldIssue, type SimpleField } from '../validate.js';
import { jsonNumber, latin1 } from './exactNumber.js';
import { ESCAPED_BYTE, FAIL, hex4, isDigit, JsonScanner, literalEnd, skipSpace } from './scanner.js';

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

/**
 * Where the direct path stopped at a row it cannot write (a row that fails its check, a nested
 * value, bad JSON inside it): the rows before it are checked and written to `out` (the preamble
 * first), and the general path takes the body on from byte `at`, that row's `{`, instead of
 * starting over.
 */
export interface DirectStop {
  at: number;
  /** How many rows are written. */
  rows: number;
  out: ByteWriter;
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
/**
 * A string with escapes, safe at both ends (as PLAIN): written with each escape as what it stands
 * for ({@link JsonScanner.copyString}).
 */
const ESCAPED = 5;
/** A formula (as FORMULA) with escapes, none of them `\u`: written as ESCAPED, quoted after a `'`. */
const ESCAPED_FORMULA = 6;
/** What {@link unusualKind} gives for a string that is written as PLAIN or ESCAPED, but quoted. */
const QUOTED = 7;

/**
 * Reads rows (`{…}` objects) straight from bytes into CSV records written to `out`, by `plan`:
 * the engine of the direct path, for a JSON array ({@link directCsv}) and for NDJSON lines
 * ({@link DirectRows.line}). Built once per body; not re-entrant.
 */
export class DirectRows {
  /** Each key as its bytes and the closing quote. */
  private readonly keys: Uint8Array[];
  /** The same, as little-endian 32-bit words (see {@link keyWords}), to match four bytes at a time. */
  private readonly words: Int32Array[];
  /** The body being read, and a view of it that reads those words. */
  private viewed: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
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
  /** The record terminator is CR LF (else LF). */
  private readonly crlf: boolean;
  /** For each field, the kinds (as bits, `1 << kind`) it takes without a closer look. */
  private readonly accepts: Uint8Array;
  private readonly lone: boolean;
  /** The tokenizer, and what its last scan found. */
  private readonly scanner = new JsonScanner();
  /**
   * Set when a row had whitespace between its tokens (never cleared here): an NDJSON reader clears
   * it before a row, and only a row with some needs a look for a line break inside it.
   */
  spaced = false;

  /**
   * V8 holds the hidden class of an object its constructor built only through the transition that
   * made it: a major GC with no instance alive frees the class, and with it every inline cache and
   * optimised function that named it, so the next body ran cold, 3 to 6 times slower (issue 25;
   * `--trace-deopt` showed about 300 "weak objects" deoptimisations in 80 calls with `gc()` before
   * each, and none with an instance kept). One idle reader, never used, keeps the reader's, its
   * writer's and its tokenizer's classes alive for as long as the class itself. (A static field:
   * a bundler keeps it with the class, where it drops a module-level instance no code names.)
   */
  static readonly idle: DirectRows = new DirectRows(
    {
      fields: [],
      columns: [],
      layout: recordLayout([], { delimiter: ',', eol: 'crlf', escapeFormulas: true }),
      preamble: '',
    },
    new ByteWriter(0),
  );

  constructor(
    /** What it reads by (the NDJSON answer takes its preamble from it). */
    readonly plan: DirectPlan,
    /** Where the records go. */
    readonly out: ByteWriter,
  ) {
    const { fields, columns, layout } = plan;
    const count = fields.length;
    this.keys = fields.map((field) => encoder.encode(`${field.key}"`));
    this.words = this.keys.map(keyWords);
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
    this.crlf = layout.eol === '\r\n';
    this.accepts = Uint8Array.from(fields, acceptedKinds);
    this.lone = columns.length === 1;
  }

  /**
   * The row whose `{` is at `i`: its record written to `out`, and the index past its `}`; or FAIL,
   * with `out` as it was, where the general path must take the row.
   */
  row(body: Uint8Array, i: number): number {
    if (body !== this.viewed) this.reading(body);
    const rowStart = this.out.length;
    const end = this.read(body, i);
    if (end === FAIL) this.out.length = rowStart;
    return end;
  }

  /**
   * Sets the body that rows are read from ({@link row} does it when the body changes). A reader of
   * one body calls it first: then the row loop never takes that branch, whose code V8 compiled
   * without feedback and threw away when it was first taken (`--trace-deopt`, 1,000-row bodies:
   * the row loop deoptimised at call 11 after a GC and ran unoptimised until call 20).
   */
  reading(body: Uint8Array): void {
    this.viewed = body;
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
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
    const {
      keys,
      words,
      view,
      kinds,
      starts,
      ends,
      quoted,
      values,
      written,
      pipe,
      escapeFormulas,
      delimiter,
      accepts,
      out,
    } = this;
    const scanner = this.scanner;
    const count = fields.length;
    // One row: `{` then its members, each value noted against its field.
    if (body[i] !== 0x7b /* { */) return FAIL;
    for (let f = 0; f < count; f++) kinds[f] = MISSING;
    const rowStart = out.length;
    let n = 0; // the next column to write
    let inOrder = true;
    i = i + 1;
    if (body[i]! <= 0x20) i = this.space(body, i);
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
        if (guess < count && sameKey(view, keyStart, keys[guess]!, words[guess]!)) {
          field = guess;
          keyEnd = keyStart + keys[guess]!.length - 1;
        } else {
          keyEnd = scanner.string(body, keyStart, false);
          if (keyEnd === FAIL || scanner.escaped) return FAIL;
          for (let f = 0; f < count; f++)
            if (sameKey(view, keyStart, keys[f]!, words[f]!)) {
              field = f;
              break;
            }
        }
        guess = field + 1;
        i = keyEnd + 1;
        if (body[i]! <= 0x20) i = this.space(body, i);
        if (body[i] !== 0x3a /* : */) return FAIL;
        i = i + 1;
        if (body[i]! <= 0x20) i = this.space(body, i);
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
          const end = now ? scanner.copyString(body, start, pipe, out) : scanner.string(body, start, pipe);
          if (end === FAIL) return FAIL;
          i = end + 1;
          if (field >= 0) {
            const escaped = scanner.escaped;
            let quote = scanner.needsQuotes;
            let kind: number;
            if (end === start) kind = this.lone ? VALUE : PLAIN;
            else {
              // Only the edges decide more than the bytes: a formula sign first, whitespace at either end.
              // An ASCII edge (most) is looked up here; a call for each would cost more than the lookup.
              const first = body[start]!;
              let head =
                first === 0x5c // only an escape starts with `\`
                  ? escapeClass(body, start)
                  : first < 0x80
                    ? ASCII_CLASS[first]!
                    : charClass(body, start);
              if (head === SIGN && !escapeFormulas) head = SAFE;
              let tail = SAFE;
              if (head === SAFE) {
                const last = scanner.lastEscape;
                const final = body[end - 1]!;
                tail =
                  escaped && last + (body[last + 1] === 0x75 ? 6 : 2) === end
                    ? escapeClass(body, last)
                    : final < 0x80
                      ? ASCII_CLASS[final]!
                      : charClass(body, lastLead(body, start, end));
              }
              if (head === SAFE && tail !== OTHER) kind = escaped ? ESCAPED : PLAIN;
              else {
                // A formula sign first, or whitespace at an edge: rare, and still written here. (One
                // function for them all, so that V8 sees it often enough to optimise it early.)
                kind = unusualKind(body, start, end, head, escaped, escapeFormulas, scanner.lastEscape);
                if (kind === QUOTED) {
                  kind = escaped ? ESCAPED : PLAIN;
                  quote = true;
                }
              }
            }
            kinds[field] = kind;
            if (kind === VALUE)
              values[field] = escaped
                ? stringValue(body, start, end)
                : decoder.decode(body.subarray(start, end));
            else {
              starts[field] = start;
              ends[field] = end;
              quoted[field] = quote ? 1 : 0;
            }
            if (now) {
              // The value is out as `stringCell` writes it between quotes: quote it, defuse it, or
              // write it the general way.
              if (kind === PLAIN || kind === ESCAPED) {
                if (quote) out.enclose(cellStart, 1);
              } else if (kind === FORMULA || kind === ESCAPED_FORMULA) out.enclose(cellStart, 2);
              else {
                out.length = cellStart;
                this.writeCell(body, field);
              }
              n++;
            }
          }
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          const end = scanner.number(body, i);
          if (end === FAIL) return FAIL;
          if (field >= 0) {
            const digits = end - i - (c === 0x2d ? 1 : 0);
            if (digits <= 15 && scanner.integral && !(c === 0x2d && body[i + 1] === 0x30)) {
              kinds[field] = INTEGER;
              starts[field] = i;
              ends[field] = end;
            } else {
              kinds[field] = VALUE;
              values[field] = jsonNumber(latin1(body, i, end));
            }
            if (now) {
              if (kinds[field] === INTEGER) out.copy(body, i, end, false);
              else this.writeCell(body, field);
              n++;
            }
          }
          i = end;
        } else {
          const end = literalEnd(body, i);
          if (end === FAIL) return FAIL; // an object, an array, or not JSON: the general path decides
          const value = c === 0x74 ? true : c === 0x66 ? false : null;
          i = end;
          if (field >= 0) {
            kinds[field] = VALUE;
            values[field] = value;
            if (now) {
              this.writeCell(body, field);
              n++;
            }
          }
        }
        if (body[i]! <= 0x20) i = this.space(body, i);
        const next = body[i];
        if (next === 0x2c /* , */) {
          i = i + 1;
          if (body[i]! <= 0x20) i = this.space(body, i);
          continue;
        }
        if (next !== 0x7d /* } */) return FAIL;
        i++;
        break;
      }
    }
    // The row's check, as the general path's: any issue and the general path reports it.
    for (let f = 0; f < count; f++) {
      const kind = kinds[f]!;
      if ((accepts[f]! & (1 << kind)) !== 0) continue;
      if (kind !== VALUE || fieldIssue(fields[f] as SimpleField, values[f]) !== undefined) return FAIL;
    }
    // The record, unless it is out already.
    if (!inOrder || n !== columns.length) {
      out.length = rowStart;
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) out.byte(delimiter);
        this.writeCell(body, columns[c]!);
      }
    }
    // The line end as one write (a call for each byte would not be inlined here).
    out.reserve(2);
    const buffer = out.buffer;
    if (this.crlf) buffer[out.length++] = 0x0d;
    buffer[out.length++] = 0x0a;
    return i;
  }

  /** Whitespace between tokens, skipped and noted (see {@link spaced}). */
  private space(body: Uint8Array, i: number): number {
    this.spaced = true;
    return skipSpace(body, i);
  }

  /** Field `f`'s cell, from what the scan noted. */
  private writeCell(body: Uint8Array, f: number): void {
    const { kinds, out, lone } = this;
    const kind = kinds[f];
    if (kind === PLAIN) out.copy(body, this.starts[f]!, this.ends[f]!, this.quoted[f] === 1);
    else if (kind === INTEGER) out.copy(body, this.starts[f]!, this.ends[f]!, false);
    else if (kind === FORMULA) out.formula(body, this.starts[f]!, this.ends[f]!);
    else if (kind === ESCAPED || kind === ESCAPED_FORMULA) {
      const start = out.length;
      this.scanner.copyString(body, this.starts[f]!, this.pipe, out);
      if (kind === ESCAPED_FORMULA) out.enclose(start, 2);
      // The scan that noted it (not always a copy) missed what its escapes stand for: this one sees them.
      else if (this.scanner.needsQuotes || this.quoted[f] === 1) out.enclose(start, 1);
    } else if (kind === VALUE) {
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
  const result = directStart(body, plan, maxRows);
  return result && 'bytes' in result ? result : undefined;
}

/**
 * {@link directCsv}, or where it stopped at a row the general path must take ({@link DirectStop});
 * `undefined` where the body is not an array of rows at all, or has more than `maxRows` rows.
 */
export function directStart(
  body: Uint8Array,
  plan: DirectPlan,
  maxRows: number,
): DirectResult | DirectStop | undefined {
  // One batch of every row: never MORE.
  return new DirectBatches(body, plan, maxRows, Number.POSITIVE_INFINITY).next() as
    | DirectResult
    | DirectStop
    | undefined;
}

/** How many rows {@link directStart} writes before it sizes its buffer for the rest. */
const SAMPLE_ROWS = 64;
/** The first buffer's size, at most. */
const SAMPLE_BYTES = 65_536;

/** What {@link DirectBatches.next} gives while the body has rows left: yield, then call it again. */
export const MORE = 'more' as const;

/**
 * The direct path over a JSON array body, `batchRows` rows per call of {@link next}, so the caller
 * can give the event loop a turn between batches and a large body shares the thread. Whatever the
 * batch size, the same bytes in the same order, and the same place where it stops for the general
 * path. A body of one batch or less is done in one call.
 */
export class DirectBatches {
  /**
   * Keeps the class alive through a major GC, as {@link DirectRows.idle} does: without it, `next`
   * (the loop over every row) lost its optimised code at each GC and ran in baseline code until the
   * engine compiled it again mid-loop (`--trace-opt`: a TurboFan OSR of `next` in every call after
   * a `gc()`, none in a tight loop). The limits are doubles, as `fromJson` passes them: an idle
   * built with small integers has another hidden class, and keeps nothing alive.
   */
  static readonly idle: DirectBatches = new DirectBatches(
    new Uint8Array(0),
    DirectRows.idle.plan,
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
  );

  private readonly reader: DirectRows;
  private readonly out: ByteWriter;
  private i: number;
  private rows = 0;
  /** Where the array's rows start; -1 when the body is not an array at all. */
  private readonly first: number;

  constructor(
    private readonly body: Uint8Array,
    plan: DirectPlan,
    private readonly maxRows: number,
    private readonly batchRows: number,
  ) {
    // A small buffer first: the first rows tell how many bytes of CSV a byte of JSON gives.
    this.out = new ByteWriter(Math.min(body.length, SAMPLE_BYTES) + plan.preamble.length * 3 + 64);
    this.out.string(plan.preamble);
    this.reader = new DirectRows(plan, this.out);
    this.reader.reading(body);
    let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    i = skipSpace(body, i);
    this.first = body[i] === 0x5b /* [ */ ? skipSpace(body, i + 1) : -1;
    this.i = this.first;
  }

  /** The next batch of rows: the result (as {@link directStart}'s), or {@link MORE}. */
  next(): DirectResult | DirectStop | undefined | typeof MORE {
    const { body, reader, out, maxRows } = this;
    const length = body.length;
    let { i, rows } = this;
    if (i === -1) return undefined;
    if (i === this.first && body[i] === 0x5d /* ] */) i++;
    else {
      const pause = rows + this.batchRows;
      for (;;) {
        const at = i;
        i = reader.row(body, i);
        if (i === FAIL) return rows < maxRows ? { at, rows, out } : undefined;
        if (++rows > maxRows) return undefined;
        // Room for the rest at that rate, at once, rather than doubling (and copying) all the way.
        if (rows === SAMPLE_ROWS) out.reserve(Math.ceil((out.length / i) * (length - i) * 1.1));
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        const next = body[i];
        if (next === 0x5d /* ] */) {
          i++;
          break;
        }
        if (next !== 0x2c /* , */) return undefined;
        i = i + 1;
        if (body[i]! <= 0x20) i = skipSpace(body, i);
        if (rows === pause) {
          this.i = i;
          this.rows = rows;
          return MORE;
        }
      }
    }
    if (skipSpace(body, i) !== length) return undefined;
    return { bytes: out.bytes(), rows };
  }
}

/**
 * The kinds of value `field` takes as they are, as bits (`1 << kind`): a string's for a string
 * field, an integer's for a number; a VALUE is checked as the general path checks it.
 */
function acceptedKinds(field: DirectField): number {
  if (field.kind === 'any') return 0xff;
  let bits = field.optional ? 1 << MISSING : 0;
  if (field.kind === 'string')
    bits |= (1 << PLAIN) | (1 << FORMULA) | (1 << ESCAPED) | (1 << ESCAPED_FORMULA);
  else if (field.kind === 'number' || field.kind === 'int') bits |= 1 << INTEGER;
  return bits;
}

/**
 * The kind of the string `body[start, end)` (scanned; not empty) whose edges the row loop leaves
 * to it: a formula sign first (`head` SIGN), or an edge that is whitespace or a control character
 * (`head` OTHER, or else the last character's class is OTHER). It decides as `stringCell` does on
 * the string's value: PLAIN for a plain number, QUOTED where whitespace at an edge quotes it,
 * FORMULA or ESCAPED_FORMULA where it is a formula, VALUE where only the value itself can tell (a
 * `\u` escape in a formula, a control character or DEL at an edge).
 */
function unusualKind(
  body: Uint8Array,
  start: number,
  end: number,
  head: number,
  escaped: boolean,
  escapeFormulas: boolean,
  lastEscape: number,
): number {
  if (head === SIGN) {
    // A formula, unless it is a plain number, which only `+` or `-` may start (`=`, `@` and the
    // fullwidth signs never do); one-letter escapes stand for none of its characters.
    if (!escaped) {
      const first = body[start];
      return (first === 0x2b || first === 0x2d) && isPlainNumber(body, start, end) ? PLAIN : FORMULA;
    }
    for (let i = start; i < end; i++) if (body[i] === 0x5c && body[++i] === 0x75 /* u */) return VALUE;
    return ESCAPED_FORMULA;
  }
  if (head === OTHER) {
    if (escaped) return VALUE;
    // Whitespace first quotes it; a formula sign after that whitespace still starts a formula.
    // Unescaped, an OTHER character is a space, non-ASCII whitespace or DEL (no whitespace).
    let i = start;
    let next = OTHER;
    while (i < end) {
      const c = body[i]!;
      if (c === 0x7f) return VALUE;
      next = c < 0x80 ? ASCII_CLASS[c]! : charClass(body, i);
      if (next !== OTHER) break;
      i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    }
    return next === SIGN && escapeFormulas ? FORMULA : QUOTED;
  }
  // Whitespace last quotes it; a control character (an escape) or DEL last is left to the value.
  if (escaped && lastEscape + (body[lastEscape + 1] === 0x75 ? 6 : 2) === end) {
    const point = escapedPoint(body, lastEscape);
    return (point >= 0x09 && point <= 0x0d) || (point >= 0x20 && point !== 0x7f) ? QUOTED : VALUE;
  }
  return body[end - 1] === 0x7f ? VALUE : QUOTED;
}

/** Where the last character of `body[start, end)` (well-formed UTF-8) starts. */
function lastLead(body: Uint8Array, start: number, end: number): number {
  let i = end - 1;
  while (i > start && (body[i]! & 0xc0) === 0x80) i--;
  return i;
}

/** The class of the non-ASCII character at `i` (its first byte; well-formed UTF-8). */
function charClass(body: Uint8Array, i: number): number {
  const c = body[i]!;
  // Every non-ASCII whitespace or fullwidth sign begins with one of these (a test walks them all).
  if (c === 0xc2) return pointClass(((c & 0x1f) << 6) | (body[i + 1]! & 0x3f));
  if (c === 0xe1 || c === 0xe2 || c === 0xe3 || c === 0xef)
    return pointClass(((c & 0x0f) << 12) | ((body[i + 1]! & 0x3f) << 6) | (body[i + 2]! & 0x3f));
  return SAFE;
}

/** The class of what the escape whose backslash is at `i` stands for (a surrogate half: U+FFFD or astral, SAFE). */
function escapeClass(body: Uint8Array, i: number): number {
  const point = escapedPoint(body, i);
  return point >= 0xd800 && point <= 0xdfff ? SAFE : pointClass(point);
}

/** The code point (or UTF-16 unit, for `\u`) the escape whose backslash is at `i` stands for. */
function escapedPoint(body: Uint8Array, i: number): number {
  const e = body[i + 1]!;
  return e === 0x75 /* u */ ? hex4(body, i + 2) : ESCAPED_BYTE[e]!;
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

/**
 * A key's bytes as little-endian 32-bit words: at 0, 4, 8… and the last four bytes (the last word
 * may overlap the one before it); none for a key shorter than a word.
 */
function keyWords(key: Uint8Array): Int32Array {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const count = Math.ceil(key.length / 4);
  const words = new Int32Array(key.length < 4 ? 0 : count);
  for (let w = 0; w < words.length; w++) words[w] = view.getInt32(Math.min(w * 4, key.length - 4), true);
  return words;
}

/**
 * Whether the viewed bytes hold `key` at `start`, compared a word at a time ({@link keyWords}): a
 * row's keys are most of its bytes, and this is several times fewer loads than byte by byte.
 */
function sameKey(view: DataView, start: number, key: Uint8Array, words: Int32Array): boolean {
  const length = key.length;
  if (start + length > view.byteLength) return false;
  const last = words.length - 1;
  if (last < 0) {
    for (let k = 0; k < length; k++) if (view.getUint8(start + k) !== key[k]) return false;
    return true;
  }
  for (let w = 0; w < last; w++) if (view.getInt32(start + w * 4, true) !== words[w]) return false;
  return view.getInt32(start + length - 4, true) === words[last];
}

/**
 * The value of the JSON string `body[start, end)` (between its quotes; scanned, so every escape
 * is well-formed), as `JSON.parse` gives it: the runs between escapes decoded, each escape
 * replaced (a `\\u` surrogate pair as its two halves, a lone one kept as is).
 */
function stringValue(body: Uint8Array, start: number, end: number): string {
  let text = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (body[i] !== 0x5c /* \\ */) continue;
    if (i > from) text += decoder.decode(body.subarray(from, i));
    const e = body[i + 1]!;
    if (e === 0x75 /* u */) {
      text += String.fromCharCode(hex4(body, i + 2));
      i += 5;
    } else {
      text += String.fromCharCode(ESCAPED_BYTE[e]!);
      i++;
    }
    from = i + 1;
  }
  if (end > from) text += decoder.decode(body.subarray(from, end));
  return text;
}

const encoder = new TextEncoder();
// Only well-formed UTF-8 reaches it (the scan checked every sequence); a cell's leading U+FEFF is
// the cell's own, not a byte-order mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
