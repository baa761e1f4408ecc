/** Up to this many characters, {@link ByteWriter.string} copies ASCII itself. */
const SHORT = 32;

/** UTF-8 bytes written into one growing buffer. */
export class ByteWriter {
  buffer: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  /** Room for `bytes` more. */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.length + bytes, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
  }

  byte(value: number): void {
    this.reserve(1);
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

  bytes(): Uint8Array<ArrayBuffer> {
    return this.buffer.subarray(0, this.length);
  }
}

const encoder = new TextEncoder();
