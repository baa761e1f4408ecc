import { FAIL, isDigit, JsonScanner } from './scanner.js';

/**
 * JSON numbers a JavaScript number cannot hold exactly (`12345678901234567890`, `1e400`,
 * `0.1000000000000000055511151231257827`) are kept as the digits the client sent: CSV is text,
 * so the cell is written with exactly those digits. `JSON.parse`'s reviver has no `source` on
 * Node 20 (V8 11.3), so a cheap test over the raw text finds the rare body that may hold one, and
 * only then is the text scanned and parsed the slow way.
 */

/** A JSON number kept as its literal text; `value` is the nearest finite double, for validation. */
export class ExactNumber {
  constructor(
    /** The literal as sent. */
    readonly text: string,
    /** The nearest double (clamped to ±Number.MAX_VALUE where the literal overflows). */
    readonly value: number,
  ) {}

  /** In a JSON cell (an array), a marker `exactJson` puts the digits back in place of. */
  toJSON(): string {
    return `${MARK}${this.text}${MARK}`;
  }
}

const MARK = '\u0000#';
const MARKED = /"\\u0000#([-+.\deE]+)\\u0000#"/g;

/** `JSON.stringify(value)` with every {@link ExactNumber} written as its own digits. */
export function exactJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000#') ? json.replace(MARKED, '$1') : json;
}

// A literal with 16 or more digits (dots among them), a three-digit exponent, or six zeros after
// the point (JavaScript prints below 1e-6 with an exponent) may not come back as sent; anything
// else always does, so most bodies never get past this one test. Every branch starts with a
// digit, so the engine skips ahead to digits (5x faster than `a|b`).
const MAYBE_INEXACT = /\d(?:[\d.]{15}|[eE][+-]?\d{3}|\.0{6})/;

/**
 * Whether `text` may hold a number a double cannot (false: `JSON.parse` keeps every number exact).
 * No match spans a line, so one test of a batch of NDJSON lines answers for each of them.
 */
export function mayBeInexact(text: string): boolean {
  return MAYBE_INEXACT.test(text);
}

/**
 * `JSON.parse(text)`, except that a number a double cannot hold exactly becomes an
 * {@link ExactNumber} with the literal's digits. Throws as `JSON.parse` does on bad JSON.
 */
export function parseJson(text: string): unknown {
  if (!MAYBE_INEXACT.test(text)) return JSON.parse(text);
  const inexact = inexactNumbers(text);
  if (inexact.length === 0) return JSON.parse(text);
  // Each such literal becomes a string with a prefix no client can guess, which the reviver turns back.
  const nonce = `\u0000${crypto.randomUUID()}:`;
  let marked = '';
  let from = 0;
  for (let k = 0; k < inexact.length; k += 2) {
    const start = inexact[k]!;
    const end = inexact[k + 1]!;
    marked += `${text.slice(from, start)}"${nonce.replace('\u0000', '\\u0000')}${text.slice(start, end)}"`;
    from = end;
  }
  marked += text.slice(from);
  return JSON.parse(marked, (_key, value) =>
    typeof value === 'string' && value.startsWith(nonce) ? exactNumber(value.slice(nonce.length)) : value,
  );
}

/**
 * The number literals of `text` a double cannot hold exactly, found by the tokenizer, as
 * `[start, end, start, end, …]` offsets into `text` (UTF-16). Bad JSON is left to `JSON.parse`.
 */
function inexactNumbers(text: string): number[] {
  const body = encoder.encode(text);
  const scanner = new JsonScanner();
  const spans: number[] = [];
  // `unit` is the UTF-16 offset of byte `at`: each character not in a string is ASCII or is bad
  // JSON, and a string's units are counted when it is skipped (a lone surrogate became U+FFFD,
  // one unit as well).
  let at = 0;
  let unit = 0;
  const unitOf = (offset: number) => {
    for (; at < offset; at++) {
      const c = body[at]!;
      if (c < 0x80 || c >= 0xc0) unit += c >= 0xf0 ? 2 : 1;
    }
    return unit;
  };
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === 0x22 /* " */) {
      const end = scanner.string(body, i + 1, false);
      if (end === FAIL) break;
      i = end + 1;
    } else if (c === 0x2d || isDigit(c)) {
      const end = scanner.number(body, i);
      if (end === FAIL) {
        i++;
        continue;
      }
      const literal = latin1(body, i, end);
      if (MAYBE_INEXACT.test(literal) && !holdsExactly(literal)) spans.push(unitOf(i), unitOf(end));
      i = end;
    } else i++;
  }
  return spans;
}

/** ASCII bytes (a number literal) as a string. */
export function latin1(body: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let k = start; k < end; k++) text += String.fromCharCode(body[k]!);
  return text;
}

const encoder = new TextEncoder();

/**
 * What {@link parseJson} makes of one JSON number literal: a number when a double holds it
 * exactly, else an {@link ExactNumber} (for a streaming parser that sees literals one by one).
 */
export function jsonNumber(literal: string): number | ExactNumber {
  return !MAYBE_INEXACT.test(literal) || holdsExactly(literal) ? Number(literal) : exactNumber(literal);
}

function exactNumber(text: string): ExactNumber {
  const value = Number(text);
  return new ExactNumber(text, Number.isFinite(value) ? value : Math.sign(value) * Number.MAX_VALUE);
}

/** Whether the double nearest the literal prints back as the same decimal, with no exponent it was sent without. */
export function holdsExactly(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isFinite(value)) return false;
  const text = String(value);
  // A number sent without an exponent never gains one: JavaScript prints from 1e21 up and below
  // 1e-6 with one (`1e+30`, `1e-7`), which reads back the same but is not what was sent.
  if (text.includes('e') && !/[eE]/.test(literal)) return false;
  return decimalKey(literal) === decimalKey(text);
}

/** A decimal's value as `<sign><digits>e<exponent>`, with no leading or trailing zeros. */
function decimalKey(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = (whole! + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--; // trailing '0's: /0+$/ is quadratic on a long run
  const significant = digits.slice(0, end);
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign}${significant}e${scale}`;
}
