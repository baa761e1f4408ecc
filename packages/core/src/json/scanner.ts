import type { ByteWriter } from '../byteWriter.js';

/**
 * csvfn's one JSON tokenizer: JSON's tokens read straight from UTF-8 bytes (RFC 8259), with the
 * UTF-8 checked as a fatal `TextDecoder` would. It serves the direct path (JSON bytes to CSV
 * bytes), the line and column of a syntax error, exact numbers and NDJSON lines. What a scan
 * learns beyond its end index is left on the instance (one per body or per stream), never in
 * module state.
 */

/** What a scan returns where the bytes are not the token it was asked for. */
export const FAIL = -1;

/** Why a scan failed ({@link JsonScanner.failure}), for the 400's message. */
export const Failure = {
  None: 0,
  /** A control character inside a string. */
  Control: 1,
  /** A `\` not followed by one of `"\/bfnrtu`. */
  Escape: 2,
  /** A `\u` not followed by four hex digits. */
  Unicode: 3,
  /** The bytes ended inside the string. */
  Unterminated: 4,
  /** A byte sequence that is not UTF-8. */
  Utf8: 5,
  /** A number that stops where a digit must come. */
  Number: 6,
} as const;
export type Failure = (typeof Failure)[keyof typeof Failure];

/** Scans one token at a time; a scan's findings are left on the instance for its caller. */
export class JsonScanner {
  /** The string just scanned holds an escape. */
  escaped = false;
  /** The string just scanned holds a `,` or `;` (or a `|` when asked): a CSV cell would be quoted. */
  needsQuotes = false;
  /** The number just scanned has no fraction and no exponent. */
  integral = false;
  /** Why the last failed scan failed. */
  failure: Failure = Failure.None;
  /** Where the last failed scan failed (a byte index). */
  failedAt = 0;
  /** Where the last escape scanned starts (its backslash; the low half's, for a surrogate pair). */
  lastEscape = 0;

  /**
   * The index of the quote that closes the string whose contents start at `i`, or FAIL if the
   * bytes are not a valid JSON string of valid UTF-8 there. Leaves `escaped` and `needsQuotes`
   * (`pipe`: a `|` counts too).
   */
  string(body: Uint8Array, i: number, pipe: boolean): number {
    this.escaped = false;
    let needsQuotes = false;
    const length = body.length;
    for (; i < length; i++) {
      const kind = STRING_BYTE[body[i]!]!;
      if (kind === ORDINARY) continue;
      if (kind === QUOTE) {
        this.needsQuotes = needsQuotes;
        return i;
      }
      if (kind === SEPARATOR) needsQuotes = true;
      else if (kind === PIPE) needsQuotes ||= pipe;
      else if (kind === BACKSLASH) {
        const end = this.escape(body, i);
        if (end === FAIL) return FAIL;
        i = end;
      } else if (kind === LEAD) {
        const size = utf8Sequence(body, i);
        if (size === 0) return this.fail(Failure.Utf8, i);
        i += size - 1;
      } else return this.fail(Failure.Control, i);
    }
    return this.fail(Failure.Unterminated, length);
  }

  /**
   * {@link string}, copying the string's value to `out` as a CSV cell's contents as it goes: one
   * pass for every cell. Escapes are written as what they stand for (a `"` doubled, a `u`-escaped
   * surrogate pair as its character, a lone surrogate as U+FFFD, as `TextEncoder` writes it), and
   * `needsQuotes` counts the `"`, tab, CR and LF they give; what it leaves is what `stringCell`
   * would write inside the quotes (their edges aside: the caller looks at those).
   */
  copyString(body: Uint8Array, i: number, pipe: boolean, out: ByteWriter): number {
    this.escaped = false;
    let needsQuotes = false;
    const length = body.length;
    let buffer = out.buffer;
    let at = out.length;
    // No byte read writes more than one (an escape never grows): the loop runs while the buffer
    // has room for what is read, less 16 bytes for a character or an escape that runs past.
    for (let stop = Math.min(length, i + buffer.length - at - 16); ; ) {
      for (; i < stop; i++) {
        const c = body[i]!;
        const kind = STRING_BYTE[c]!;
        if (kind === ORDINARY) {
          buffer[at++] = c;
          continue;
        }
        if (kind === QUOTE) {
          out.length = at;
          this.needsQuotes = needsQuotes;
          return i;
        }
        if (kind === SEPARATOR) {
          needsQuotes = true;
          buffer[at++] = c;
        } else if (kind === PIPE) {
          needsQuotes ||= pipe;
          buffer[at++] = c;
        } else if (kind === LEAD) {
          const size = utf8Sequence(body, i);
          if (size === 0) return this.fail(Failure.Utf8, i);
          for (let k = 0; k < size; k++) buffer[at++] = body[i + k]!;
          i += size - 1;
        } else if (kind === BACKSLASH) {
          this.escaped = true;
          this.lastEscape = i;
          const e = i + 1 < length ? body[i + 1]! : 0;
          let point = ESCAPED_BYTE[e]!;
          if (point === 0) {
            if (e !== 0x75 /* u */ || !isHex4(body, i + 2))
              return this.fail(e === 0x75 ? Failure.Unicode : Failure.Escape, i);
            point = hex4(body, i + 2);
            i += 5;
            if (point >= 0xd800 && point <= 0xdfff) {
              // A high half followed by a low one is one character; any other half is U+FFFD.
              const low =
                point <= 0xdbff && body[i + 1] === 0x5c && body[i + 2] === 0x75 && isHex4(body, i + 3)
                  ? hex4(body, i + 3)
                  : 0;
              if (low >= 0xdc00 && low <= 0xdfff) {
                this.lastEscape = i + 1;
                i += 6;
                point = 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
              } else point = 0xfffd;
            }
          } else i++;
          if (point < 0x80) {
            buffer[at++] = point;
            if (point === 0x22) {
              buffer[at++] = 0x22;
              needsQuotes = true;
            } else if (point === 0x09 || point === 0x0a || point === 0x0d || point === 0x2c || point === 0x3b)
              needsQuotes = true;
            else if (point === 0x7c) needsQuotes ||= pipe;
          } else if (point < 0x800) {
            buffer[at++] = 0xc0 | (point >> 6);
            buffer[at++] = 0x80 | (point & 0x3f);
          } else if (point < 0x10000) {
            buffer[at++] = 0xe0 | (point >> 12);
            buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
            buffer[at++] = 0x80 | (point & 0x3f);
          } else {
            buffer[at++] = 0xf0 | (point >> 18);
            buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
            buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
            buffer[at++] = 0x80 | (point & 0x3f);
          }
        } else return this.fail(Failure.Control, i);
      }
      if (i >= length) break;
      // Room for the rest of the string (at most what is left of the body), or twice as much.
      out.length = at;
      out.reserve(Math.min(length - i, buffer.length) + 16);
      buffer = out.buffer;
      stop = Math.min(length, i + buffer.length - at - 16);
    }
    return this.fail(Failure.Unterminated, length);
  }

  /** The end of the JSON number starting at `i`, or FAIL. Leaves `integral`. */
  number(body: Uint8Array, i: number): number {
    const start = i;
    let integral = true;
    if (body[i] === 0x2d /* - */) i++;
    const lead = body[i]!;
    if (lead === 0x30) i++;
    else if (lead >= 0x31 && lead <= 0x39) while (isDigit(body[++i]));
    else return this.fail(Failure.Number, start);
    if (body[i] === 0x2e /* . */) {
      integral = false;
      if (!isDigit(body[i + 1])) return this.fail(Failure.Number, i);
      i++;
      while (isDigit(body[++i]));
    }
    const e = body[i];
    if (e === 0x65 || e === 0x45) {
      integral = false;
      const at = i;
      const sign = body[++i];
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!isDigit(body[i])) return this.fail(Failure.Number, at);
      while (isDigit(body[++i]));
    }
    this.integral = integral;
    return i;
  }

  /** The index of the last byte of the escape whose `\` is at `i`, or FAIL. Sets `escaped`. */
  private escape(body: Uint8Array, i: number): number {
    this.escaped = true;
    this.lastEscape = i;
    const e = body[i + 1];
    if (e === 0x75 /* u */) {
      for (let k = i + 2; k < i + 6; k++) if (!isHex(body[k])) return this.fail(Failure.Unicode, i);
      return i + 5;
    }
    // " \ / b f n r t
    if (
      e === 0x22 ||
      e === 0x5c ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    )
      return i + 1;
    return this.fail(Failure.Escape, i);
  }

  private fail(failure: Failure, at: number): number {
    this.failure = failure;
    this.failedAt = at;
    return FAIL;
  }
}

/** Past JSON's whitespace (space, tab, LF, CR) from `i`. */
export function skipSpace(body: Uint8Array, i: number): number {
  // Bounded: a read past the end deoptimises every loop this is inlined into (V8's "out of
  // bounds"), and the direct path's batch loop was then only ever entered through OSR.
  for (const length = body.length; i < length; i++) {
    const c = body[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return i;
}

/** The end of the literal `true`, `false` or `null` at `i`, or FAIL. */
export function literalEnd(body: Uint8Array, i: number): number {
  const c = body[i];
  if (c === 0x74 && body[i + 1] === 0x72 && body[i + 2] === 0x75 && body[i + 3] === 0x65) return i + 4;
  if (
    c === 0x66 &&
    body[i + 1] === 0x61 &&
    body[i + 2] === 0x6c &&
    body[i + 3] === 0x73 &&
    body[i + 4] === 0x65
  )
    return i + 5;
  if (c === 0x6e && body[i + 1] === 0x75 && body[i + 2] === 0x6c && body[i + 3] === 0x6c) return i + 4;
  return FAIL;
}

/**
 * The length of the well-formed UTF-8 sequence at `i` (its lead byte is 0x80 or more), or 0: the
 * Unicode Standard's table 3-7, which is what a fatal TextDecoder accepts (no overlong form, no
 * surrogate, nothing past U+10FFFF).
 */
export function utf8Sequence(body: Uint8Array, i: number): number {
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

/** Whether the four bytes from `i` are hex digits. */
function isHex4(body: Uint8Array, i: number): boolean {
  return isHex(body[i]) && isHex(body[i + 1]) && isHex(body[i + 2]) && isHex(body[i + 3]);
}

/** The value of the four hex digits from `i` (checked by {@link isHex4}). */
export function hex4(body: Uint8Array, i: number): number {
  return (
    (hexValue(body[i]!) << 12) |
    (hexValue(body[i + 1]!) << 8) |
    (hexValue(body[i + 2]!) << 4) |
    hexValue(body[i + 3]!)
  );
}

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function isHex(c: number | undefined): boolean {
  return (c! >= 0x30 && c! <= 0x39) || (c! >= 0x61 && c! <= 0x66) || (c! >= 0x41 && c! <= 0x46);
}

export function isDigit(c: number | undefined): boolean {
  return c! >= 0x30 && c! <= 0x39;
}

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

/** What each one-letter escape stands for, by the letter's byte (0: `u`, or not an escape). */
export const ESCAPED_BYTE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  table[0x22] = 0x22; // "
  table[0x5c] = 0x5c; // backslash
  table[0x2f] = 0x2f; // /
  table[0x62] = 0x08; // b
  table[0x66] = 0x0c; // f
  table[0x6e] = 0x0a; // n
  table[0x72] = 0x0d; // r
  table[0x74] = 0x09; // t
  return table;
})();
