/** Up to this many characters, {@link ByteWriter.string} copies ASCII itself. */
const SHORT = 32;

/** UTF-8 bytes written into one growing buffer. */
export class ByteWriter {
  buffer: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  /**
   * Room for `bytes` more. The test alone stays here, and the growing in {@link grow}: V8 inlines a
   * function this small at every call site without counting it against its inlining budget, which
   * the row loop needs for its own helpers.
   */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buffer.length) this.grow(bytes);
  }

  /** A buffer with room for `bytes` more, the written bytes copied over. */
  private grow(bytes: number): void {
    const grown = new Uint8Array(Math.max(this.length + bytes, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(value: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = value;
  }

  /** `source[start, end)`, between double quotes when `quote` (the scan saw no `"` inside). */
  copy(source: Uint8Array, start: number, end: number, quote: boolean): void {
    this.reserve(end - start + 2);
    const buffer = this.buffer;
    let length = this.length;
    if (quote) buffer[length++] = 0x22;
    for (let k = start; k < end; k++) buffer[length++] = source[k]!;
    if (quote) buffer[length++] = 0x22;
    this.length = length;
  }

  /**
   * The bytes from `start` on between double quotes, after a `'` when `open` is 2 (a formula
   * defused as `stringCell` does); the scan saw no `"` inside.
   */
  enclose(start: number, open: 1 | 2): void {
    this.reserve(open + 1);
    const buffer = this.buffer;
    buffer.copyWithin(start + open, start, this.length);
    buffer[start] = 0x22;
    if (open === 2) buffer[start + 1] = 0x27;
    this.length += open;
    buffer[this.length++] = 0x22;
  }

  /** A formula defused as `stringCell` does: `"'` + `source[start, end)` + `"`. */
  formula(source: Uint8Array, start: number, end: number): void {
    this.byte(0x22);
    this.byte(0x27);
    this.copy(source, start, end, false);
    this.byte(0x22);
  }

  /** Any string, as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it). */
  string(text: string): void {
    // UTF-8 takes at most 3 bytes for each UTF-16 code unit.
    this.reserve(text.length * 3);
    const buffer = this.buffer;
    let length = this.length;
    // A long text (a chunk of records) is encoded natively; a cell's few characters are copied
    // here, cheaper than a subarray and a call for each.
    if (text.length > SHORT) {
      this.length = length + encoder.encodeInto(text, buffer.subarray(length)).written;
      return;
    }
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) {
        this.length = length + encoder.encodeInto(text.slice(k), buffer.subarray(length)).written;
        return;
      }
      buffer[length++] = c;
    }
    this.length = length;
  }

  /**
   * A cell's text as UTF-8 with each `"` doubled (a lone surrogate as U+FFFD, as TextEncoder
   * writes it), in one pass; whether it holds a character that has the cell quoted (`"`, `,`, `;`,
   * tab, CR, LF, and `|` when `pipe`).
   */
  cellText(text: string, pipe: boolean): boolean {
    const length = text.length;
    // UTF-8 takes at most 3 bytes for each UTF-16 code unit, as does a doubled quote.
    this.reserve(length * 3);
    const buffer = this.buffer;
    let at = this.length;
    // Most cells are ASCII with nothing to quote: a loop with one test a character copies them,
    // up to the first character that is not (the rest goes on in `cellTextFrom`).
    for (let k = 0; k < length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80 || CELL_BYTE[c] !== 0) {
        this.length = at;
        return this.cellTextFrom(text, k, pipe);
      }
      buffer[at++] = c;
    }
    this.length = at;
    return false;
  }

  /** {@link cellText} from `text[k]` on, with room reserved. */
  private cellTextFrom(text: string, k: number, pipe: boolean): boolean {
    const length = text.length;
    const buffer = this.buffer;
    let at = this.length;
    let quote = false;
    for (; k < length; k++) {
      const c = text.charCodeAt(k);
      if (c < 0x80) {
        const kind = CELL_BYTE[c]!;
        if (kind !== 0) {
          if (kind === DOUBLED) {
            buffer[at++] = 0x22;
            quote = true;
          } else if (kind === QUOTING || pipe) quote = true;
        }
        buffer[at++] = c;
      } else if (c < 0x800) {
        buffer[at++] = 0xc0 | (c >> 6);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buffer[at++] = 0xe0 | (c >> 12);
        buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else {
        const low = c <= 0xdbff && k + 1 < length ? text.charCodeAt(k + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          buffer[at++] = 0xf0 | (point >> 18);
          buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
          buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
          buffer[at++] = 0x80 | (point & 0x3f);
          k++;
        } else {
          buffer[at++] = 0xef;
          buffer[at++] = 0xbf;
          buffer[at++] = 0xbd;
        }
      }
    }
    this.length = at;
    return quote;
  }

  /** An integer of at most 31 bits and a sign, in decimal, as `${value}` writes it (`-0` as `0`). */
  integer(value: number): void {
    this.reserve(11);
    const buffer = this.buffer;
    let at = this.length;
    let rest = value;
    if (rest < 0) {
      buffer[at++] = 0x2d;
      rest = -rest;
    }
    // Comparisons count the digits (most integers in rows are short), then they are written from
    // the last; at most 2^31 here, so `/ 100 | 0` is exact integer division.
    at +=
      rest < 100
        ? rest < 10
          ? 1
          : 2
        : rest < 10_000
          ? rest < 1_000
            ? 3
            : 4
          : rest < 1_000_000
            ? rest < 100_000
              ? 5
              : 6
            : rest < 100_000_000
              ? rest < 10_000_000
                ? 7
                : 8
              : rest < 1_000_000_000
                ? 9
                : 10;
    // Two digits a round, from a table of the pairs 00 to 99.
    let k = at;
    while (rest >= 100) {
      const next = (rest / 100) | 0;
      const pair = (rest - next * 100) << 1;
      buffer[--k] = DIGIT_PAIRS[pair + 1]!;
      buffer[--k] = DIGIT_PAIRS[pair]!;
      rest = next;
    }
    if (rest >= 10) {
      buffer[--k] = DIGIT_PAIRS[(rest << 1) + 1]!;
      buffer[--k] = DIGIT_PAIRS[rest << 1]!;
    } else buffer[--k] = 0x30 + rest;
    this.length = at;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.buffer.subarray(0, this.length);
  }
}

const encoder = new TextEncoder();

// What an ASCII character is to a cell: most are nothing; `"` is doubled and quotes it; the
// separators, tab, CR and LF quote it; `|` quotes it when it is the delimiter.
const DOUBLED = 1;
const QUOTING = 2;
const PIPE = 3;
/** The digits of 00 to 99, two bytes each. */
const DIGIT_PAIRS = /* @__PURE__ */ (() => {
  const table = new Uint8Array(200);
  for (let n = 0; n < 100; n++) {
    table[n << 1] = 0x30 + ((n / 10) | 0);
    table[(n << 1) + 1] = 0x30 + (n % 10);
  }
  return table;
})();
const CELL_BYTE = /* @__PURE__ */ (() => {
  const table = new Uint8Array(128);
  table[0x22] = DOUBLED;
  for (const c of [0x2c, 0x3b, 0x09, 0x0d, 0x0a]) table[c] = QUOTING;
  table[0x7c] = PIPE;
  return table;
})();
