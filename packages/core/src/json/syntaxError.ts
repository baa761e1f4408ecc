import { FAIL, Failure, JsonScanner, literalEnd, skipSpace } from './scanner.js';

/**
 * Where a JSON text goes wrong, for the 400's detail. Engines word `JSON.parse` errors differently
 * (and newer V8 quotes the input back), so the location is found here, by the tokenizer, the same
 * on every runtime. Runs only after `JSON.parse` has failed; iterative, so deep nesting cannot
 * overflow the stack.
 */
export interface JsonSyntaxError {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
}

/** Where `text` stops being JSON (`text` must be invalid JSON). */
export function locateJsonError(text: string): JsonSyntaxError {
  // A lone surrogate becomes U+FFFD, one UTF-16 unit as well: columns stay where they were.
  return locateInBytes(encoder.encode(text)) ?? { line: 1, column: text.length + 1, message: 'Invalid JSON' };
}

/** Where the UTF-8 `body` stops being one JSON text, or `undefined` if it is one. */
export function locateInBytes(body: Uint8Array): JsonSyntaxError | undefined {
  const at = (offset: number, message: string) => ({ ...lineAndColumn(body, offset), message });
  const scanner = new JsonScanner();
  // The open containers, innermost last: `[` or `{`.
  const stack: number[] = [];
  let expect = Expect.Value;
  let i = 0;
  for (;;) {
    i = skipSpace(body, i);
    if (i >= body.length) {
      if (stack.length === 0 && expect === Expect.CommaOrEnd) return undefined;
      return at(i, 'Unexpected end of input');
    }
    const c = body[i]!;
    if (stack.length === 0 && expect === Expect.CommaOrEnd)
      return at(i, `Unexpected ${describe(body, i)} after the JSON value`);
    switch (expect) {
      case Expect.Colon:
        if (c !== COLON) return at(i, `Expected ':' but found ${describe(body, i)}`);
        i++;
        expect = Expect.Value;
        continue;
      case Expect.CommaOrEnd: {
        const open = stack[stack.length - 1];
        if (c === COMMA) {
          i++;
          expect = open === OBJECT ? Expect.Key : Expect.Value;
          continue;
        }
        if ((c === 0x5d && open === ARRAY) || (c === 0x7d && open === OBJECT)) {
          stack.pop();
          i++;
          continue;
        }
        return at(i, `Expected ',' or '${open === OBJECT ? '}' : ']'}' but found ${describe(body, i)}`);
      }
      case Expect.KeyOrEnd:
      case Expect.Key:
        if (c === 0x7d && expect === Expect.KeyOrEnd) {
          stack.pop();
          i++;
          expect = Expect.CommaOrEnd;
          continue;
        }
        if (c !== QUOTE)
          return at(i, `Expected a property name in double quotes but found ${describe(body, i)}`);
        {
          const end = scanner.string(body, i + 1, false);
          if (end === FAIL) return stringFault(body, scanner, at);
          i = end + 1;
        }
        expect = Expect.Colon;
        continue;
      case Expect.ValueOrEnd:
        if (c === 0x5d) {
          stack.pop();
          i++;
          expect = Expect.CommaOrEnd;
          continue;
        }
        break;
      case Expect.Value:
        break;
    }
    // A value starts here.
    if (c === ARRAY || c === OBJECT) {
      stack.push(c);
      i++;
      expect = c === ARRAY ? Expect.ValueOrEnd : Expect.KeyOrEnd;
      continue;
    }
    expect = Expect.CommaOrEnd;
    if (c === QUOTE) {
      const end = scanner.string(body, i + 1, false);
      if (end === FAIL) return stringFault(body, scanner, at);
      i = end + 1;
      continue;
    }
    const literal = literalEnd(body, i);
    if (literal !== FAIL) {
      i = literal;
      continue;
    }
    const end = scanner.number(body, i);
    // A number cut short where a digit must come: the part before it was one, the rest is not.
    if (end === FAIL && scanner.failedAt === i) return at(i, `Unexpected ${describe(body, i)}`);
    const stop = end === FAIL ? scanner.failedAt : end;
    if (end === FAIL || NUMBER_BYTE.includes(body[stop]!))
      return at(stop, `Invalid number: unexpected ${describe(body, stop)}`);
    i = end;
  }
}

enum Expect {
  Value,
  ValueOrEnd, // just after `[`
  KeyOrEnd, // just after `{`
  Key, // after `,` in an object
  Colon,
  CommaOrEnd,
}

const ARRAY = 0x5b;
const OBJECT = 0x7b;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
/** What cannot follow a number: `0-9 . e E + -`. */
const NUMBER_BYTE = [
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x2e, 0x65, 0x45, 0x2b, 0x2d,
];

function stringFault(
  body: Uint8Array,
  scanner: JsonScanner,
  at: (offset: number, message: string) => JsonSyntaxError,
): JsonSyntaxError {
  const offset = scanner.failedAt;
  switch (scanner.failure) {
    case Failure.Control:
      return at(offset, `Unescaped control character ${describe(body, offset)} in a string`);
    case Failure.Unicode:
      return at(offset, 'Invalid \\u escape in a string');
    case Failure.Escape:
      return at(offset, 'Invalid escape in a string');
    case Failure.Utf8:
      return at(offset, 'Invalid UTF-8 in a string');
    default:
      return at(offset, 'Unterminated string');
  }
}

/** The character at `offset`, named safely: printable ASCII in quotes, anything else as its code point. */
function describe(body: Uint8Array, offset: number): string {
  const code = body[offset]!;
  if (code >= 0x21 && code <= 0x7e) return `'${String.fromCharCode(code)}'`;
  const point =
    code < 0x80 ? code : (decoder.decode(body.subarray(offset, offset + 4)).codePointAt(0) ?? code);
  return `character U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The 1-based line of byte `offset`, and its column in UTF-16 code units. */
function lineAndColumn(body: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (body[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: decoder.decode(body.subarray(lineStart, offset)).length + 1 };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
