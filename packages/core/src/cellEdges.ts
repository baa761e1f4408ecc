/**
 * What a cell's first or last character is to `stringCell`, which quotes a cell with whitespace at
 * either end and defuses one starting with a formula sign: SAFE, neither (printable ASCII but
 * space and `=+-@`, and most of Unicode); SIGN, `=+-@` or a fullwidth ＝＋－＠; OTHER, whitespace
 * or a control character (rare: a writer leaves those cells to `stringCell` itself).
 */
export const OTHER = 0;
export const SAFE = 1;
export const SIGN = 2;

/** {@link pointClass} of each ASCII character, for a caller that looks a byte up itself. */
export const ASCII_CLASS = /* @__PURE__ */ (() => {
  const table = new Uint8Array(128);
  table.fill(SAFE, 0x21, 0x7f);
  for (const sign of '=+-@') table[sign.charCodeAt(0)] = SIGN;
  return table;
})();

/**
 * The class of a character by its code point, or a UTF-16 code unit (a surrogate half is SAFE:
 * it is part of an astral character, or is written as U+FFFD).
 */
export function pointClass(point: number): number {
  if (point < 0x80) return ASCII_CLASS[point]!;
  if (point === 0xff1d || point === 0xff0b || point === 0xff0d || point === 0xff20) return SIGN;
  // JavaScript's `\s` beyond ASCII.
  return point === 0xa0 ||
    point === 0x1680 ||
    (point >= 0x2000 && point <= 0x200a) ||
    point === 0x2028 ||
    point === 0x2029 ||
    point === 0x202f ||
    point === 0x205f ||
    point === 0x3000 ||
    point === 0xfeff
    ? OTHER
    : SAFE;
}
