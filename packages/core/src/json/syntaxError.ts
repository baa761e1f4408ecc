/**
 * Where a JSON text goes wrong, for the 400's detail. Engines word `JSON.parse` errors differently
 * (and newer V8 quotes the input back), so the location is found here, the same on every runtime.
 * Runs only after `JSON.parse` has failed; iterative, so deep nesting cannot overflow the stack.
 */
export interface JsonSyntaxError {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
}

enum Expect {
  Value,
  ValueOrEnd, // just after `[`
  KeyOrEnd, // just after `{`
  Key, // after `,` in an object
  Colon,
  CommaOrEnd,
}

export function locateJsonError(text: string): JsonSyntaxError {
  const at = (offset: number, message: string) => ({ ...lineAndColumn(text, offset), message });
  const stack: Array<'[' | '{'> = [];
  let expect = Expect.Value;
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      return at(i, 'Unexpected end of input');
    }
    const c = text[i]!;
    if (stack.length === 0 && expect === Expect.CommaOrEnd)
      return at(i, `Unexpected ${describe(c)} after the JSON value`);
    switch (expect) {
      case Expect.Colon:
        if (c !== ':') return at(i, `Expected ':' but found ${describe(c)}`);
        i++;
        expect = Expect.Value;
        continue;
      case Expect.CommaOrEnd: {
        const open = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = open === '{' ? Expect.Key : Expect.Value;
          continue;
        }
        if ((c === ']' && open === '[') || (c === '}' && open === '{')) {
          stack.pop();
          i++;
          expect = Expect.CommaOrEnd;
          continue;
        }
        return at(i, `Expected ',' or '${open === '{' ? '}' : ']'}' but found ${describe(c)}`);
      }
      case Expect.KeyOrEnd:
      case Expect.Key:
        if (c === '}' && expect === Expect.KeyOrEnd) {
          stack.pop();
          i++;
          expect = Expect.CommaOrEnd;
          continue;
        }
        if (c !== '"') return at(i, `Expected a property name in double quotes but found ${describe(c)}`);
        {
          const end = scanString(text, i);
          if (typeof end !== 'number') return at(end.offset, end.message);
          i = end;
        }
        expect = Expect.Colon;
        continue;
      case Expect.ValueOrEnd:
        if (c === ']') {
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
    if (c === '[' || c === '{') {
      stack.push(c);
      i++;
      expect = c === '[' ? Expect.ValueOrEnd : Expect.KeyOrEnd;
      continue;
    }
    const end = c === '"' ? scanString(text, i) : scanScalar(text, i);
    if (typeof end !== 'number') return at(end.offset, end.message);
    i = end;
    expect = Expect.CommaOrEnd;
  }
}

type ScanResult = number | { offset: number; message: string };

function scanString(text: string, start: number): ScanResult {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20)
      return { offset: i, message: `Unescaped control character ${describe(text[i]!)} in a string` };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          return { offset: i, message: 'Invalid \\u escape in a string' };
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next))
        return { offset: i, message: 'Invalid escape in a string' };
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: text.length, message: 'Unterminated string' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanScalar(text: string, start: number): ScanResult {
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  NUMBER.lastIndex = start;
  if (NUMBER.test(text)) {
    const end = NUMBER.lastIndex;
    const next = text[end];
    if (next !== undefined && /[0-9.eE+-]/.test(next))
      return { offset: end, message: `Invalid number: unexpected ${describe(next)}` };
    return end;
  }
  return { offset: start, message: `Unexpected ${describe(text[start]!)}` };
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** A character named safely: printable ASCII in quotes, anything else as its code point. */
function describe(char: string): string {
  const code = char.codePointAt(0)!;
  if (code >= 0x21 && code <= 0x7e) return `'${char}'`;
  return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
